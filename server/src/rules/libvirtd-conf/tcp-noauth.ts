import type { Rule } from '../../engine/types';
import { setString, type ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_REMOTE, REDHAT_REMOTE } from '../libvirt-refs';
import { flag, span, str } from './conf';

export const lvTcpNoAuth: Rule<ConfModel> = {
  meta: {
    id: 'LV-TCP-NOAUTH',
    title: 'libvirt API on plain TCP without authentication',
    family: 'exposed-management',
    severity: 'critical',
    fixSafety: 'guarded',
    formats: ['libvirtd-conf'],
    risk: 'With listen_tcp = 1 and auth_tcp = "none" the daemon accepts anyone who reaches TCP port 16509 as a fully privileged client, in cleartext: they can define, start and reconfigure guests, attach host devices and read guest disks — root on the hypervisor. The setting is copied from live-migration how-tos into production.',
    remedy: 'Turn plain TCP off (listen_tcp = 0) and use TLS (listen_tls, port 16514) or SSH (qemu+ssh://) for remote management and migration. If plain TCP is unavoidable, keep libvirt\'s default auth_tcp = "sasl" with GSSAPI (Kerberos) or another SASL mechanism that encrypts.',
    notes: 'Reports `auth_tcp = "none"` with `listen_tcp = 1` as critical. `auth_tcp = "none"` without `listen_tcp = 1` is reported as medium: with systemd socket activation (the default of current libvirt packages) listen_tcp is ignored and the `libvirtd-tcp.socket`/`virtproxyd-tcp.socket` unit decides whether TCP is open, while auth_tcp still applies. An absent auth_tcp is libvirt\'s default "sasl" and is not reported. The guarded fix sets auth_tcp to "sasl" (clients then need SASL credentials). Turning listen_tcp off alone is not offered as a fix: under socket activation it changes nothing.',
    references: [LIBVIRT_REMOTE, REDHAT_REMOTE],
  },
  check(m) {
    const auth = m.get('auth_tcp');
    if (!auth || str(auth)?.trim().toLowerCase() !== 'none') return [];
    const listen = m.get('listen_tcp');
    const open = flag(listen) === 1;
    return [{
      ...span(auth),
      severity: open ? 'critical' : 'medium',
      locator: 'auth_tcp',
      message: open
        ? 'listen_tcp = 1 with auth_tcp = "none": anyone who reaches TCP port 16509 controls this hypervisor, unauthenticated and in cleartext.'
        : 'auth_tcp = "none": if TCP is opened by socket activation (libvirtd-tcp.socket) or listen_tcp, clients connect unauthenticated and in cleartext.',
      fixes: [{ title: 'Require SASL on the TCP socket: auth_tcp = "sasl" (guarded: clients without SASL credentials are refused)', safety: 'guarded', edits: setString(auth, 'sasl') }],
    }];
  },
};
