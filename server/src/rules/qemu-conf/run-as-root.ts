import type { FindingDraft, Rule } from '../../engine/types';
import { commentOut, type ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_QEMU } from '../libvirt-refs';
import { span, str } from '../libvirtd-conf/conf';

function isRoot(v: string | undefined): boolean {
  const t = v?.trim().toLowerCase();
  return t === 'root' || t === '+0' || t === '0';
}

export const qemuRunAsRoot: Rule<ConfModel> = {
  meta: {
    id: 'QEMU-RUN-AS-ROOT',
    title: 'QEMU processes run as root',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['qemu-conf'],
    risk: 'With user = "root" (or "+0") every QEMU process runs with uid 0. QEMU parses untrusted guest input in device emulation; a guest escape then lands as root on the host instead of in an unprivileged, confined account.',
    remedy: 'Remove user and group so libvirt uses the distribution\'s unprivileged account (qemu or libvirt-qemu), and give that account access to images with dynamic_ownership or ACLs instead of running as root.',
    notes: 'Reports user or group set to root, "+0" or "0". Absent keys are the build-time default, an unprivileged account. The guarded fix comments the line out (images and devices that only root can open must be made accessible to the QEMU account).',
    references: [LIBVIRT_QEMU],
  },
  check(m) {
    const out: FindingDraft[] = [];
    for (const key of ['user', 'group']) {
      const e = m.get(key);
      if (!e || !isRoot(str(e))) continue;
      out.push({
        ...span(e),
        locator: key,
        message: `${key} = "${str(e)}": QEMU processes run with root ${key === 'user' ? 'privileges' : 'group rights'}; a guest escape lands as root on the host.`,
        fixes: [{ title: `Comment out ${key} to use the unprivileged default account (guarded: root-only images stop opening)`, safety: 'guarded', edits: commentOut(m, e) }],
      });
    }
    return out;
  },
};
