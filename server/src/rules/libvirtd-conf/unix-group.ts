import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_REMOTE } from '../libvirt-refs';
import { perms, span, str } from './conf';

/** Groups whose membership is broad on typical Linux hosts. */
const BROAD = new Set(['users', 'wheel', 'staff', 'sudo', 'adm', 'admin', 'admins', 'everyone', 'domain users', 'plugdev', 'video', 'audio', 'netdev', 'nogroup', 'root']);

export const lvUnixGroup: Rule<ConfModel> = {
  meta: {
    id: 'LV-UNIX-GROUP',
    title: 'libvirt management socket owned by a broad group',
    family: 'excessive-role',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['libvirtd-conf'],
    risk: 'unix_sock_group gives the group full management of the hypervisor when the read-write socket is group-writable. A group such as users, wheel or staff contains people and service accounts who were never meant to be hypervisor administrators; each of them can define a guest that mounts the host\'s disks.',
    remedy: 'Use a dedicated group (libvirt) whose members are reviewed, or authenticate the socket with auth_unix_rw = "polkit".',
    notes: `Reports unix_sock_group when it names one of: ${[...BROAD].join(', ')}, the read-write socket is group-writable (unix_sock_rw_perms grants group write, e.g. "0770"), and auth_unix_rw is not "polkit" or "sasl". No fix: which group is right is a local decision. With systemd socket activation libvirt ignores unix_sock_* and the \`.socket\` units decide (SocketGroup=, SocketMode=); check them too.`,
    references: [LIBVIRT_REMOTE],
  },
  check(m) {
    const g = m.get('unix_sock_group');
    const group = str(g)?.trim();
    if (!g || !group || !BROAD.has(group.toLowerCase())) return [];
    const mode = perms(m.get('unix_sock_rw_perms'));
    if (mode === undefined || (mode & 0o020) === 0) return [];
    const auth = str(m.get('auth_unix_rw'))?.trim().toLowerCase();
    if (auth === 'polkit' || auth === 'sasl') return [];
    return [{ ...span(g), locator: g.key, message: `unix_sock_group = "${group}" with a group-writable management socket: every member of ${group} can administer this hypervisor.` }];
  },
};
