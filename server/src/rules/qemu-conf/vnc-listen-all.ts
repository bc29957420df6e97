import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_QEMU } from '../libvirt-refs';
import { flag } from '../libvirtd-conf/conf';
import { hasPassword, listenAll } from './listen-all';

export const qemuVncListenAll: Rule<ConfModel> = {
  meta: {
    id: 'QEMU-VNC-LISTEN-ALL',
    title: 'VNC consoles listen on all host interfaces',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['qemu-conf'],
    risk: 'vnc_listen is the default listen address of every guest\'s VNC console. Set to 0.0.0.0 or :: without TLS client verification, SASL or a password, anyone who can reach ports 5900+ on the host gets the keyboard and screen of the guests: boot menus, login prompts, unlocked sessions.',
    remedy: 'Keep libvirt\'s default 127.0.0.1 (viewers tunnel over SSH; virt-manager does this) or use vnc_auto_unix_socket = 1. If the consoles must be reachable remotely, enable vnc_tls = 1 with vnc_tls_x509_verify = 1, or vnc_sasl = 1.',
    notes: 'Quiet when vnc_auto_unix_socket = 1, vnc_sasl = 1, vnc_password is set, or vnc_tls = 1 with client verification (vnc_tls_x509_verify = 1, or default_tls_x509_verify = 1 when vnc_tls_x509_verify is absent). An absent vnc_listen is libvirt\'s default 127.0.0.1. Guests with their own `<graphics listen>` are checked by DOM-GRAPHICS-PUBLIC.',
    references: [LIBVIRT_QEMU],
  },
  check(m) {
    return listenAll(m, 'vnc', (c) => {
      if (flag(c.get('vnc_sasl')) === 1 || hasPassword(c, 'vnc_password')) return true;
      const verify = flag(c.get('vnc_tls_x509_verify')) ?? flag(c.get('default_tls_x509_verify')) ?? 0;
      return flag(c.get('vnc_tls')) === 1 && verify === 1;
    });
  },
};
