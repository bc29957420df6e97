/**
 * Snapshots written by `vharden collect` never hold a secret: where the source has one (a console
 * password in a libvirt domain, `vnc_password` in qemu.conf, an IPsec pre-shared key in conf.db), the
 * value is replaced by this marker. Rules read the marker as "a value is set" and never as the value.
 */
export const REDACTED = 'vharden:redacted';
