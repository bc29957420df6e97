import { deleteLine } from '../../engine/text';
import type { Fix, Reference, Severity } from '../../engine/types';
import type { KvDocument, KvEntry } from '../../formats/proxmox-common/kv';
import { doc } from '../refs';
import { pveDoc } from '../proxmox/common';

/** The Proxmox admin guide's container chapter. */
export function pctDoc(section: string): Reference {
  return pveDoc(`pct: ${section}`);
}

/** lxc.container.conf(5), for the raw `lxc.*` keys. */
export function lxcConf(key: string): Reference {
  return doc('lxc.container.conf(5)', key, 'https://linuxcontainers.org/lxc/manpages/man5/lxc.container.conf.5.html');
}

/** How the same weakening weighs: a privileged container's root is the host's root. */
export function bySeverity(privileged: boolean, unprivileged: Severity): Severity | undefined {
  return privileged ? undefined : unprivileged;
}

/** "privileged" / "unprivileged", for messages. */
export function kind(privileged: boolean): string {
  return privileged ? 'privileged' : 'unprivileged';
}

/** A guarded fix that deletes the entry's line. */
export function deleteEntry(ct: KvDocument, e: KvEntry, breaks: string): Fix {
  return { title: `Delete the ${e.key} line (guarded: ${breaks})`, safety: 'guarded', edits: [deleteLine(ct.index, e.line)] };
}

/** The note every rule that reads the live section shares. */
export const LIVE_NOTE = 'Reads the live section only: snapshots are history and `[pve:pending]` changes are not applied yet.';
