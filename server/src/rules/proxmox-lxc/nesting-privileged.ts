import { deleteLine, indexBefore } from '../../engine/text';
import type { Fix, Rule } from '../../engine/types';
import type { KvEntry } from '../../formats/proxmox-common/kv';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, featureOn, features, privilege } from '../../formats/proxmox-lxc/container';
import { LIVE_NOTE, pctDoc } from './common';

export const lxcNestingPrivileged: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-NESTING-PRIV',
    title: 'Nesting enabled in a privileged container',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['proxmox-lxc'],
    risk: '`features: nesting=1` lets the container mount procfs and sysfs itself, which Proxmox otherwise denies to privileged containers through AppArmor; its documentation warns that nesting exposes the host\'s procfs and sysfs to the guest. In a privileged container, whose root is the host\'s root, a fresh `/proc` gives write access to host kernel settings such as `/proc/sys/kernel/core_pattern`, a known escape to the host.',
    remedy: 'Run Docker, LXC or systemd\'s sandboxing in an unprivileged container with `nesting=1` (the setup Proxmox recommends), or in a VM. In a privileged container, remove `nesting=1` from `features:`.',
    notes: `Nesting in an unprivileged container is the recommended Docker-in-LXC setup and is not reported. \`unprivileged\` defaults to 0, so a config without it is privileged. The fix removes \`nesting=1\` and is guarded: Docker, nested containers and systemd services that use namespaces stop working in the container. ${LIVE_NOTE}`,
    references: [pctDoc('pct.conf features: nesting'), pctDoc('Security Considerations, privileged containers')],
  },
  check(ct, ctx) {
    if (!privilege(ct).privileged) return [];
    const f = features(ct);
    const nesting = f && featureOn(f.props, 'nesting');
    if (!f || !nesting) return [];
    return [
      {
        start: nesting.start,
        end: nesting.end,
        locator: 'features/nesting',
        message: `${containerName(ct, ctx.path)} is privileged and has nesting=1: it may mount its own /proc and /sys, whose kernel settings are the host's.`,
        fixes: [removeProp(ct, f.entry, nesting, f.props.length)],
      },
    ];
  },
};

/** Removes one option of a property string with its comma; the whole line when it is the only option. */
function removeProp(ct: PveLxcModel, e: KvEntry, p: { start: number; end: number }, count: number): Fix {
  const title = 'Remove nesting=1 (guarded: Docker, nested containers and systemd sandboxing in the container stop working)';
  if (count === 1) return { title, safety: 'guarded', edits: [deleteLine(ct.index, e.line)] };
  const text = ct.index.text;
  const next = indexBefore(text, ',', p.end, e.valueEnd);
  // `a,nesting=1,b` → `a,b`; `a,nesting=1` → `a`
  if (next >= 0) return { title, safety: 'guarded', edits: [{ start: p.start, end: next + 1, newText: '' }] };
  const prev = text.lastIndexOf(',', p.start);
  return { title, safety: 'guarded', edits: [{ start: prev >= e.valueStart ? prev : p.start, end: p.end, newText: '' }] };
}
