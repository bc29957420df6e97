import type { FindingDraft, Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, privilege } from '../../formats/proxmox-lxc/container';
import { argWords } from '../../formats/proxmox-vm/passthrough';
import { LIVE_NOTE, lxcConf, pctDoc } from './common';

/** `proc:rw`, `sys:rw`, `cgroup:rw`, `cgroup-full:rw` (with an optional `:force`). */
const RW = /^"?(proc|sys|cgroup|cgroup-full):rw(:force)?"?$/;

export const lxcMountAutoRw: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-MOUNT-AUTO-RW',
    title: 'Privileged container mounts /proc, /sys or cgroups read-write',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['proxmox-lxc'],
    risk: '`lxc.mount.auto: proc:rw sys:rw cgroup:rw` mounts the kernel\'s interfaces writable in the container. In a privileged container they are the host\'s: `/proc/sys` and `/proc/sysrq-trigger` change and crash the host\'s kernel, `/sys` reaches its devices and firmware, and a writable cgroup v1 tree has the `release_agent` escape to host root.',
    remedy: 'Delete the line, or use the `mixed` forms LXC applies by default (`proc:mixed sys:mixed cgroup:mixed`: read-only except what the container owns). Docker runs in an unprivileged container with `features: nesting=1,keyctl=1` and needs none of this.',
    notes: `Only in privileged containers (\`unprivileged\` absent or 0): in an unprivileged container the host's kernel settings and sysfs stay owned by the host's root, which the container's root is not, so the writes fail. The fix rewrites each \`:rw\` item to \`:mixed\` and is guarded: software in the container that writes kernel settings or cgroups (Docker in a privileged container, some Kubernetes distributions) may fail. ${LIVE_NOTE}`,
    references: [lxcConf('lxc.mount.auto'), pctDoc('Security Considerations, privileged containers')],
  },
  check(ct, ctx) {
    if (!privilege(ct).privileged) return [];
    const out: FindingDraft[] = [];
    for (const e of ct.entries) {
      if (e.section !== undefined || e.lower !== 'lxc.mount.auto') continue;
      const rw = argWords(ct.index.text, e.valueStart, e.valueEnd).filter((w) => RW.test(w.value));
      if (rw.length === 0) continue;
      const items = rw.map((w) => w.value.replace(/"/g, ''));
      out.push({
        start: e.keyStart,
        end: e.valueEnd,
        locator: 'lxc.mount.auto',
        message: `lxc.mount.auto mounts ${items.join(', ')} in ${containerName(ct, ctx.path)}, a privileged container: the host's kernel settings${items.some((i) => i.startsWith('cgroup')) ? ' and cgroups' : ''} become writable from it.`,
        fixes: [
          {
            title: `Use ${items.map((i) => i.replace(':rw', ':mixed')).join(' ')} (guarded: software that writes kernel settings or cgroups, such as Docker, may fail)`,
            safety: 'guarded',
            edits: rw.map((w) => {
              const at = w.start + w.value.indexOf(':rw');
              return { start: at, end: at + 3, newText: ':mixed' };
            }),
          },
        ],
      });
    }
    return out;
  },
};
