import type { FindingDraft, Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, privilege } from '../../formats/proxmox-lxc/container';
import { bySeverity, deleteEntry, kind, LIVE_NOTE, lxcConf, pctDoc } from './common';

/** `lxc.apparmor.profile`, and its name before LXC 3.0, which Proxmox still accepts. */
const KEYS = new Set(['lxc.apparmor.profile', 'lxc.aa_profile']);

export const lxcApparmorUnconfined: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-APPARMOR',
    title: 'Container runs without AppArmor confinement',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['proxmox-lxc'],
    risk: '`lxc.apparmor.profile: unconfined` removes the AppArmor profile Proxmox gives every container. That profile is what denies mounts of procfs, sysfs and other file systems, writes to `/proc/sysrq-trigger` and the kernel\'s settings, and many other paths to the host. In a privileged container it is the main barrier between the container\'s root and the host\'s.',
    remedy: 'Delete the line so the container gets Proxmox\'s generated profile again. Docker in a container works unprivileged with `features: nesting=1,keyctl=1`; if software needs one more permission, allow it with `lxc.apparmor.raw` rather than dropping the profile, or run it in a VM.',
    notes: `High in a privileged container (\`unprivileged\` absent or 0), low in an unprivileged one, where the user namespace still maps the container's root to an unprivileged host user. Also reads \`lxc.aa_profile\`, the name before LXC 3.0. The fix deletes the line and is guarded: software that needed the profile off (often Docker in a privileged container) may stop working. ${LIVE_NOTE}`,
    references: [lxcConf('lxc.apparmor.profile'), pctDoc('Security Considerations, AppArmor')],
  },
  check(ct, ctx) {
    const { privileged } = privilege(ct);
    const out: FindingDraft[] = [];
    for (const e of ct.entries) {
      if (e.section !== undefined || !KEYS.has(e.lower) || e.value.trim().toLowerCase() !== 'unconfined') continue;
      const severity = bySeverity(privileged, 'low');
      out.push({
        start: e.keyStart,
        end: e.valueEnd,
        locator: e.lower,
        message: `${e.key}: unconfined runs ${containerName(ct, ctx.path)}, a ${kind(privileged)} container, without AppArmor: nothing denies it mounts of /proc and /sys or writes to the host's kernel settings${privileged ? ', and its root is the host\'s root' : ''}.`,
        ...(severity ? { severity } : {}),
        fixes: [deleteEntry(ct, e, 'software that needed the profile off, often Docker, may stop working')],
      });
    }
    return out;
  },
};
