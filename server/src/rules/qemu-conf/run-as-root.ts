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
    notes: 'Reports user or group set to root, "+0" or "0": one finding per file, on the first of them, naming both when both are root (one change answers both). Absent keys are the build-time default, an unprivileged account. The guarded fix comments the line out (images and devices that only root can open must be made accessible to the QEMU account).',
    references: [LIBVIRT_QEMU],
  },
  check(m) {
    const root = ['user', 'group'].map((key) => m.get(key)).filter((e) => e && isRoot(str(e)));
    const [first, second] = root;
    if (!first) return [];
    // one change (let libvirt use its unprivileged account) answers both keys: one finding, on the first
    const what = (key: string) => (key === 'user' ? 'privileges' : 'group rights');
    const also = second ? ` and ${second.key} = "${str(second)}"` : '';
    const message = `${first.key} = "${str(first)}"${also}: QEMU processes run with root ${second ? 'privileges and group rights' : what(first.key)}; a guest escape lands as root on the host.`;
    const keys = root.map((e) => e!.key).join(' and ');
    const finding: FindingDraft = {
      ...span(first),
      locator: first.key,
      message,
      fixes: [{ title: `Comment out ${keys} to use the unprivileged default account (guarded: root-only images stop opening)`, safety: 'guarded', edits: root.flatMap((e) => commentOut(m, e!)) }],
    };
    return [finding];
  },
};
