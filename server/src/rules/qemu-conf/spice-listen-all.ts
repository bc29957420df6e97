import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_QEMU } from '../libvirt-refs';
import { flag } from '../libvirtd-conf/conf';
import { hasPassword, listenAll } from './listen-all';

export const qemuSpiceListenAll: Rule<ConfModel> = {
  meta: {
    id: 'QEMU-SPICE-LISTEN-ALL',
    title: 'SPICE consoles listen on all host interfaces',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['qemu-conf'],
    risk: 'spice_listen is the default listen address of every guest\'s SPICE console. On 0.0.0.0 or :: without TLS, SASL or a password, anyone who reaches the host\'s SPICE ports gets the guests\' screens, keyboards and redirected USB devices.',
    remedy: 'Keep libvirt\'s default 127.0.0.1 (viewers tunnel over SSH) or use spice_auto_unix_socket = 1. For remote access enable spice_tls = 1 and spice_sasl = 1 or a password.',
    notes: 'Quiet when spice_auto_unix_socket = 1, spice_tls = 1, spice_sasl = 1 or spice_password is set. An absent spice_listen is libvirt\'s default 127.0.0.1.',
    references: [LIBVIRT_QEMU],
  },
  check(m) {
    return listenAll(m, 'spice', (c) => flag(c.get('spice_tls')) === 1 || flag(c.get('spice_sasl')) === 1 || hasPassword(c, 'spice_password'));
  },
};
