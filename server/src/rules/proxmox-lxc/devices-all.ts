import type { FindingDraft, Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, privilege } from '../../formats/proxmox-lxc/container';
import { deleteEntry, LIVE_NOTE, lxcConf, pctDoc } from './common';

/** `a`, `a *:* rwm`, or every block or character device (`b *:* rwm`, `c *:* rw`) with read or write access. */
function allowsAll(value: string): string | undefined {
  const [type, dev = '*:*', access = 'rwm'] = value.trim().toLowerCase().split(/\s+/);
  if (type === 'a') return 'every device';
  if ((type === 'b' || type === 'c') && dev === '*:*' && /[rw]/.test(access)) return type === 'b' ? 'every block device (the host\'s disks)' : 'every character device';
  return undefined;
}

export const lxcDevicesAll: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-DEVICES-ALL',
    title: 'Privileged container allowed every device',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['proxmox-lxc'],
    risk: '`lxc.cgroup2.devices.allow: a` (or the cgroup v1 `lxc.cgroup.devices.allow: a`) lifts the device allow-list. The root user of a privileged container can then create and open any device node: the host\'s disks (`b 8:*`), `/dev/mem`, `/dev/kmsg`, and read or overwrite the host\'s file systems below every other control.',
    remedy: 'Delete the line and allow only the devices the container needs, by major and minor number: `lxc.cgroup2.devices.allow: c 10:200 rwm` for `/dev/net/tun`, `c 226:* rwm` for `/dev/dri`, together with their `lxc.mount.entry` or a `devN:` passthrough (Proxmox adds the cgroup rule itself for `devN:`).',
    notes: `Reports \`a\` and wildcards of all block or character devices (\`b *:*\`, \`c *:*\` with read or write access; \`m\` alone only permits creating nodes) in privileged containers (\`unprivileged\` absent or 0). In an unprivileged container the user namespace forbids creating device nodes, so the allow-list only governs the nodes the config itself mounts in: not reported. \`lxc.cgroup.devices.*\` applies only on hosts that run cgroup v1 (Proxmox VE 6 and earlier, or \`systemd.unified_cgroup_hierarchy=0\`), and is reported all the same. The fix deletes the line and is guarded: devices the container uses through it become inaccessible. ${LIVE_NOTE}`,
    references: [lxcConf('lxc.cgroup2.[controller name].[controller file]'), pctDoc('pct.conf dev[n], Device Passthrough')],
  },
  check(ct, ctx) {
    if (!privilege(ct).privileged) return [];
    const out: FindingDraft[] = [];
    for (const e of ct.entries) {
      if (e.section !== undefined || (e.lower !== 'lxc.cgroup2.devices.allow' && e.lower !== 'lxc.cgroup.devices.allow')) continue;
      const what = allowsAll(e.value);
      if (!what) continue;
      out.push({
        start: e.keyStart,
        end: e.valueEnd,
        locator: `${e.lower}:${e.value.trim()}`,
        message: `${e.key}: ${e.value.trim()} lets ${containerName(ct, ctx.path)}, a privileged container, open ${what}: its root can read and write the host's disks and memory.`,
        fixes: [deleteEntry(ct, e, 'devices the container uses through this rule become inaccessible')],
      });
    }
    return out;
  },
};
