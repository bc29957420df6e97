import type { FindingDraft, Rule } from '../../engine/types';
import { hasTemplate } from '../../formats/common/template';
import { commentOut, type ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_QEMU } from '../libvirt-refs';
import { span, str } from '../libvirtd-conf/conf';
import { PRIVILEGED_GROUPS, loginUser, privilegedGroup } from './accounts';

export const qemuUserPrivileged: Rule<ConfModel> = {
  meta: {
    id: 'QEMU-USER-PRIVILEGED',
    title: 'QEMU processes run as a login user or in a privileged group',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['qemu-conf'],
    risk: 'QEMU parses untrusted guest input in its device emulation, so libvirt runs it as a dedicated unprivileged account. `user = "alice"` (a login account, common in single-user GPU passthrough guides) hands a guest escape that user\'s files, SSH keys, browser sessions and desktop. A `group` such as `disk`, `libvirt` or `docker` is as good as root on the host; `wheel`, `input` or `adm` add administrator membership, keyboard capture or log access.',
    remedy: 'Remove `user` and `group` so libvirt uses the distribution\'s service account (`qemu` or `libvirt-qemu`, group `kvm` or `qemu`). Give that account access to images and devices with `dynamic_ownership` (the default), ACLs or udev rules; for a desktop that needs audio or input devices, grant those devices to the service account rather than running QEMU as the login user.',
    notes: `Reports \`user\` when it names an account that is not root (QEMU-RUN-AS-ROOT reports that), not a service account (names containing qemu, libvirt, virt or kvm; nobody) and not a uid below 1000 (\`"+1000"\` and above count as login users); and \`group\` when it is one of ${PRIVILEGED_GROUPS.join(', ')} (high for disk, docker, lxd, incus, libvirt, libvirtd and shadow, which are root-equivalent). \`kvm\`, the default group on Debian and Ubuntu, only opens /dev/kvm and is not reported. Templated values are not judged. The session instance (\`qemu:///session\`) always runs as the calling user and does not read these keys.`,
    references: [LIBVIRT_QEMU],
  },
  check(m) {
    const out: FindingDraft[] = [];
    const user = m.get('user');
    const u = str(user);
    const login = u !== undefined && !hasTemplate(u) ? loginUser(u) : undefined;
    if (user && login) {
      out.push({
        ...span(user),
        locator: 'user',
        message: `user = "${u}": QEMU processes run as ${login}, which looks like a login account; a guest escape gets that user's files, keys and sessions.`,
        fixes: [{ title: 'Comment out user to use the unprivileged service account (guarded: images and devices only this user can open stop opening)', safety: 'guarded', edits: commentOut(m, user) }],
      });
    }
    const group = m.get('group');
    const g = str(group);
    const priv = g !== undefined && !hasTemplate(g) ? privilegedGroup(g) : undefined;
    if (group && priv) {
      out.push({
        ...span(group),
        locator: 'group',
        severity: priv.rootEquivalent ? 'high' : 'medium',
        message: `group = "${g}": QEMU processes get ${priv.why}${priv.rootEquivalent ? ', which is as good as root on this host' : ''}.`,
        fixes: [{ title: 'Comment out group to use the service account\'s group (guarded: files and devices only this group can open stop opening)', safety: 'guarded', edits: commentOut(m, group) }],
      });
    }
    return out;
  },
};
