import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_REMOTE } from '../libvirt-refs';
import { isWildcard } from '../net';
import { flag, span, str } from './conf';

export const lvListenAddr: Rule<ConfModel> = {
  meta: {
    id: 'LV-LISTEN-ADDR',
    title: 'libvirt network sockets bound to every interface',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['libvirtd-conf'],
    risk: 'When the daemon listens for TCP or TLS clients and listen_addr is a wildcard or absent (libvirt binds every interface by default), the management API is reachable from guest, storage and public networks as well as the management network. Every other control then depends on authentication alone.',
    remedy: 'Set listen_addr to the host\'s address on the management network, and filter ports 16509/16514 at the host firewall.',
    notes: 'Reports when listen_tcp = 1 or listen_tls = 1 is set explicitly and listen_addr is absent or a wildcard, and when listen_addr is explicitly a wildcard unless listening is switched off (listen_tls = 0 and no listen_tcp = 1). A TLS-only listener that authenticates its clients (x509 client certificates are verified, libvirt\'s default, or auth_tls = "sasl") is not reported: reaching the port is not enough to use it, and this is how migration between hosts is set up. With systemd socket activation these keys are ignored and the `.socket` units decide the bind address (ListenStream=); check those units too. No fix: only you know the management address.',
    references: [LIBVIRT_REMOTE],
  },
  check(m) {
    const addr = m.get('listen_addr');
    const value = str(addr);
    const tcp = flag(m.get('listen_tcp')) === 1;
    const tls = flag(m.get('listen_tls'));
    const explicitListen = tcp || tls === 1;
    const wildcard = value !== undefined && isWildcard(value);
    if (addr && !wildcard) return [];
    const tlsAuthenticated = flag(m.get('tls_no_verify_certificate')) !== 1 || str(m.get('auth_tls'))?.trim().toLowerCase() === 'sasl';
    if (!tcp && tlsAuthenticated) return [];
    if (addr && wildcard) {
      if (!tcp && tls === 0) return [];
      const sockets = tcp && tls !== 0 ? 'TCP and TLS sockets accept' : tcp ? 'TCP socket accepts' : 'TLS socket accepts';
      return [{ ...span(addr), locator: 'listen_addr', message: `listen_addr = "${value}": libvirt's ${sockets} clients on every host interface.` }];
    }
    if (!explicitListen) return [];
    const anchor = tcp ? m.get('listen_tcp')! : m.get('listen_tls')!;
    return [{ ...span(anchor), locator: 'listen_addr', message: `${anchor.key} = 1 without listen_addr: libvirt binds every host interface by default.` }];
  },
};
