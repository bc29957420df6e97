import type { FindingDraft, Rule } from '../../engine/types';
import { setString, type ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_REMOTE } from '../libvirt-refs';
import { perms, span, str } from './conf';

export const lvUnixRwOpen: Rule<ConfModel> = {
  meta: {
    id: 'LV-UNIX-RW-OPEN',
    title: 'libvirt UNIX socket open to every local user without authentication',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['libvirtd-conf'],
    risk: 'The read-write socket is full management of the hypervisor: defining a guest that mounts the host\'s root disk is a one-line privilege escalation. With unix_sock_rw_perms granting write to others ("0777", "0666") and auth_unix_rw = "none", every local account — including compromised service accounts — is effectively root.',
    remedy: 'Restrict the socket to root and a trusted group (unix_sock_rw_perms = "0770" with unix_sock_group = "libvirt"), or keep it open and authenticate with auth_unix_rw = "polkit". libvirt\'s template warns: without polkit the socket mode must go back to 0600/0700.',
    notes: 'Reports the read-write socket (high) when its permissions let others write and auth_unix_rw = "none" is set explicitly; an absent auth_unix_rw is the build default (polkit on most distributions) and is not reported. The read-only socket is not reported: libvirt ships unix_sock_ro_perms = "0777" as its default because that socket only allows APIs that change nothing. The guarded fix sets the permissions to "0770" (non-root users outside the socket group lose access). With systemd socket activation libvirt ignores unix_sock_* and the `.socket` units decide (SocketMode=); check them too.',
    references: [LIBVIRT_REMOTE],
  },
  check(m) {
    const p = m.get('unix_sock_rw_perms');
    const mode = perms(p);
    const auth = str(m.get('auth_unix_rw'))?.trim().toLowerCase();
    if (!p || mode === undefined || (mode & 0o002) === 0 || auth !== 'none') return [];
    const out: FindingDraft = {
      ...span(p),
      locator: p.key,
      message: `unix_sock_rw_perms = "${str(p)}" with auth_unix_rw = "none": every local user gets full, unauthenticated control of the hypervisor.`,
      fixes: [{ title: `Set ${p.key} to "0770" (guarded: users outside the socket group lose access)`, safety: 'guarded', edits: setString(p, '0770') }],
    };
    return [out];
  },
};
