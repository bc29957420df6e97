import type { FindingDraft, Rule } from '../../engine/types';
import { commentOut, setRaw, type ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_QEMU } from '../libvirt-refs';
import { flag, shown, span } from '../libvirtd-conf/conf';

export const qemuSecDriverNone: Rule<ConfModel> = {
  meta: {
    id: 'QEMU-SECDRIVER-NONE',
    title: 'sVirt confinement of QEMU processes disabled',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['qemu-conf'],
    risk: 'SELinux or AppArmor confinement (sVirt) keeps a compromised QEMU process from reading other guests\' disks and host files. security_driver = "none" or security_default_confined = 0 removes it: one guest escape into QEMU reaches every guest image and whatever the QEMU user can open.',
    remedy: 'Remove security_driver so libvirt uses the host\'s SELinux or AppArmor driver (or name it: "selinux", "apparmor"), keep security_default_confined = 1, and consider security_require_confined = 1. Fix image labels instead of disabling confinement.',
    notes: 'Reports security_driver = "none" (also inside a list) and security_default_confined = 0. Absent keys are libvirt\'s defaults (driver probed from the host, guests confined). Guarded fixes: comment out security_driver (guests whose images lack labels may fail to start until relabelled), set security_default_confined = 1.',
    references: [LIBVIRT_QEMU],
  },
  check(m) {
    const out: FindingDraft[] = [];
    const d = m.get('security_driver');
    const values = d?.value.kind === 'list' ? (d.value.items ?? []).map((i) => i.str) : [d?.value.str];
    if (d && values.some((v) => v?.trim().toLowerCase() === 'none')) {
      out.push({
        ...span(d),
        locator: d.key,
        message: `security_driver = ${shown(d)}: QEMU processes run without SELinux/AppArmor confinement; a guest escape reaches every guest's disks.`,
        fixes: [{ title: 'Comment out security_driver so libvirt uses the host\'s SELinux/AppArmor driver (guarded: unlabelled images may fail to start)', safety: 'guarded', edits: commentOut(m, d) }],
      });
    }
    const c = m.get('security_default_confined');
    if (c && flag(c) === 0) {
      out.push({
        ...span(c),
        locator: c.key,
        message: 'security_default_confined = 0: guests without their own <seclabel> run unconfined.',
        fixes: [{ title: 'Set security_default_confined = 1 (guarded: unlabelled images may fail to start)', safety: 'guarded', edits: setRaw(c, '1') }],
      });
    }
    return out;
  },
};
