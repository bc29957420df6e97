import type { FormatKeys, KeySyntax } from '../../engine/keys';

/** Values are written as libvirt reads them: strings in double quotes, integers and lists bare. */
const SYNTAX: KeySyntax = { separator: '=', quoted: false, caseInsensitive: false, comment: '#' };

/** libvirtd.conf (and virtproxyd.conf, the other virt*d.conf) keys the rules read (see engine/keys.ts). */
export const LIBVIRTD_KEYS: FormatKeys = {
  syntax: SYNTAX,
  keys: [
    { key: 'listen_tcp', summary: 'Accept plain TCP connections on port 16509 (ignored under systemd socket activation).', values: ['0', '1'], default: '0', rules: ['LV-LISTEN-ADDR'], insecure: '1', see: ['LV-TCP-NOAUTH'] },
    { key: 'listen_tls', summary: 'Accept TLS connections on port 16514 (ignored under systemd socket activation).', values: ['0', '1'], see: ['LV-LISTEN-ADDR'] },
    { key: 'listen_addr', summary: 'Address the TCP and TLS sockets bind to; absent: every interface.', values: ['"127.0.0.1"'], rules: ['LV-LISTEN-ADDR'], insecure: '"0.0.0.0"', with: ['listen_tcp = 1'] },
    { key: 'auth_tcp', summary: 'Authentication on the TCP socket; "none" lets anyone who reaches it in.', values: ['"sasl"'], default: '"sasl"', rules: ['LV-TCP-NOAUTH'], insecure: '"none"' },
    { key: 'auth_tls', summary: 'Authentication on the TLS socket on top of client certificates.', values: ['"sasl"', '"none"'], default: '"none" (client certificates authenticate)', see: ['LV-TLS-NOVERIFY', 'LV-LISTEN-ADDR'] },
    { key: 'tls_no_verify_certificate', summary: 'Skip the check of TLS client certificates.', values: ['0'], default: '0', rules: ['LV-TLS-NOVERIFY'], insecure: '1' },
    { key: 'unix_sock_rw_perms', summary: 'Permissions of the read-write management socket.', values: ['"0770"', '"0700"'], rules: ['LV-UNIX-RW-OPEN'], insecure: '"0777"', with: ['auth_unix_rw = "none"'], see: ['LV-UNIX-GROUP', 'LV-ACCESS-DRIVERS'] },
    { key: 'auth_unix_rw', summary: 'Authentication on the read-write socket; absent: the build default (polkit on most distributions).', values: ['"polkit"'], see: ['LV-UNIX-RW-OPEN', 'LV-UNIX-GROUP'] },
    { key: 'unix_sock_group', summary: 'Group that owns the management sockets; its members may administer the hypervisor.', values: ['"libvirt"'], rules: ['LV-UNIX-GROUP'], insecure: '"users"', with: ['unix_sock_rw_perms = "0770"'], see: ['LV-ACCESS-DRIVERS'] },
    { key: 'access_drivers', summary: 'API access control for authenticated clients (polkit rules per API and guest).', values: ['[ "polkit" ]'], rules: ['LV-ACCESS-DRIVERS'], insecure: '[ "nop" ]' },
  ],
};

/** qemu.conf keys the rules read (see engine/keys.ts). */
export const QEMU_KEYS: FormatKeys = {
  syntax: SYNTAX,
  keys: [
    { key: 'vnc_listen', summary: 'Default address of guests\' VNC consoles.', values: ['"127.0.0.1"'], default: '"127.0.0.1"', rules: ['QEMU-VNC-LISTEN-ALL'], insecure: '"0.0.0.0"' },
    { key: 'vnc_tls', summary: 'Protect VNC consoles with TLS.', values: ['1', '0'], see: ['QEMU-VNC-LISTEN-ALL'] },
    { key: 'vnc_sasl', summary: 'Authenticate VNC clients with SASL.', values: ['1', '0'], see: ['QEMU-VNC-LISTEN-ALL'] },
    { key: 'vnc_password', summary: 'Default VNC password (at most 8 characters, weakly protected).', see: ['QEMU-VNC-LISTEN-ALL'] },
    { key: 'vnc_auto_unix_socket', summary: 'Serve VNC consoles on UNIX sockets instead of TCP.', values: ['1', '0'], see: ['QEMU-VNC-LISTEN-ALL'] },
    { key: 'spice_listen', summary: 'Default address of guests\' SPICE consoles.', values: ['"127.0.0.1"'], default: '"127.0.0.1"', rules: ['QEMU-SPICE-LISTEN-ALL'], insecure: '"0.0.0.0"' },
    { key: 'spice_tls', summary: 'Protect SPICE consoles with TLS.', values: ['1', '0'], see: ['QEMU-SPICE-LISTEN-ALL'] },
    { key: 'spice_sasl', summary: 'Authenticate SPICE clients with SASL.', values: ['1', '0'], see: ['QEMU-SPICE-LISTEN-ALL'] },
    { key: 'spice_password', summary: 'Default SPICE password.', see: ['QEMU-SPICE-LISTEN-ALL'] },
    { key: 'security_driver', summary: 'sVirt driver confining QEMU processes (SELinux, AppArmor); "none" turns confinement off.', values: ['"selinux"', '"apparmor"'], rules: ['QEMU-SECDRIVER-NONE'], insecure: '"none"' },
    { key: 'security_default_confined', summary: 'Confine guests that have no <seclabel> of their own.', values: ['1'], default: '1', rules: ['QEMU-SECDRIVER-NONE'], insecure: '0' },
    { key: 'user', summary: 'Account QEMU processes run as; absent: the unprivileged account of the package (qemu, libvirt-qemu).', values: ['"qemu"', '"libvirt-qemu"'], rules: ['QEMU-RUN-AS-ROOT'], insecure: '"root"', see: ['QEMU-USER-PRIVILEGED'] },
    { key: 'group', summary: 'Group QEMU processes run as; absent: the account\'s own group.', values: ['"qemu"', '"kvm"'], rules: ['QEMU-RUN-AS-ROOT'], insecure: '"root"', see: ['QEMU-USER-PRIVILEGED'] },
  ],
};
