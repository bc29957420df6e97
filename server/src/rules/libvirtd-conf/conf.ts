import { truncate } from '../../formats/common/assignments';
import type { ConfEntry, ConfModel } from '../../formats/libvirt-conf/parser';

/** Value helpers shared by the libvirt config rules. */

/** 1/0 flags: the integer, or undefined when absent or not an integer. */
export function flag(e: ConfEntry | undefined): number | undefined {
  return e?.value.kind === 'int' ? e.value.int : undefined;
}

export function str(e: ConfEntry | undefined): string | undefined {
  return e?.value.kind === 'string' ? e.value.str : undefined;
}

/** Socket permissions as a number (`"0770"` → 0o770); undefined when absent or not octal. */
export function perms(e: ConfEntry | undefined): number | undefined {
  const s = str(e)?.trim();
  return s && /^[0-7]{3,4}$/.test(s) ? parseInt(s, 8) : undefined;
}

/** Explicitly `listen_tcp = 1` or `listen_tls = 1`: the daemon is meant to accept network clients. */
export function listensExplicitly(m: ConfModel): boolean {
  return flag(m.get('listen_tcp')) === 1 || flag(m.get('listen_tls')) === 1;
}

/** Report range: the key and its value. */
export function span(e: ConfEntry): { start: number; end: number } {
  return { start: e.keyStart, end: e.value.end };
}

/** The value as written, for a message: on one line and cut short (a list may run to the end of the file). */
export function shown(e: ConfEntry): string {
  return truncate(e.value.raw.replace(/\s+/g, ' ').trim());
}
