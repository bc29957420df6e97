import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { lintTogether } from './helpers/session';

/** Proxmox containers: what fixtures alone do not pin down (context, severities, LXC's own semantics). */

const CT = (lines: string[]) => `arch: amd64\nhostname: web\nostype: debian\nrootfs: local-lvm:vm-120-disk-0,size=8G\n${lines.join('\n')}\n`;

function lint(text: string, path = '/etc/pve/lxc/120.conf', profile?: 'server' | 'desktop' | 'lab') {
  const config = defaultConfig();
  if (profile) config.profile = profile;
  return lintText({ path, text, config }).findings;
}
const of = (findings: ReturnType<typeof lint>, id: string) => findings.filter((f) => f.ruleId === id);

describe('proxmox-lxc parsing', () => {
  it('raw lxc.* keys repeat without a duplicate-key diagnostic; other keys still do', () => {
    const text = CT(['lxc.cgroup2.devices.allow: c 10:200 rwm', 'lxc.cgroup2.devices.allow: c 226:* rwm', 'lxc.mount.entry: /dev/net dev/net none bind,create=dir', 'lxc.mount.entry: /dev/dri dev/dri none bind,create=dir', 'memory: 512', 'memory: 1024', 'unprivileged: 1']);
    const dups = of(lint(text), 'VH-DUPLICATE-KEY');
    assert.deepEqual(dups.map((d) => d.locator), ['memory#duplicate']);
  });
});
