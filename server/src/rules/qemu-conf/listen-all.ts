import type { FindingDraft } from '../../engine/types';
import { setString, type ConfModel } from '../../formats/libvirt-conf/parser';
import { isWildcard } from '../net';
import { flag, span, str } from '../libvirtd-conf/conf';

/**
 * Shared check for vnc_listen / spice_listen: a wildcard listen address is reported unless the
 * console is reached through an automatic UNIX socket or protected by the given safeguards.
 */
export function listenAll(m: ConfModel, proto: 'vnc' | 'spice', protected_: (m: ConfModel) => boolean): FindingDraft[] {
  const e = m.get(`${proto}_listen`);
  const value = str(e);
  if (!e || value === undefined || !isWildcard(value) || value.trim() === '') return [];
  if (flag(m.get(`${proto}_auto_unix_socket`)) === 1) return [];
  if (protected_(m)) return [];
  const name = proto.toUpperCase();
  return [{
    ...span(e),
    locator: e.key,
    message: `${e.key} = "${value}": ${name} consoles of every guest listen on all host interfaces without TLS client verification, SASL or a password.`,
    fixes: [{ title: `Set ${e.key} to "127.0.0.1" (guarded: remote ${name} viewers must tunnel over SSH)`, safety: 'guarded', edits: setString(e, '127.0.0.1') }],
  }];
}

/** The password keys enable a password when set to a non-empty string. */
export function hasPassword(m: ConfModel, key: string): boolean {
  const v = str(m.get(key));
  return v !== undefined && v !== '';
}
