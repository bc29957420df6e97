import { insertLineAfter, type LineIndex } from '../../engine/text';
import type { Fix, Reference } from '../../engine/types';
import { doc } from '../refs';

/** Proxmox VE admin guide sources (pve-docs), by chapter. */
export function pveDoc(chapter: string): Reference {
  return doc('Proxmox VE Administration Guide', chapter, 'https://pve.proxmox.com/pve-docs/');
}

/** pve-access-control, where user.cfg records and the built-in roles are defined. */
export const ACCESS_CONTROL_SRC: Reference = doc('pve-access-control source', 'src/PVE/AccessControl.pm (parse_user_config, privilege groups)');

/** Perl truthiness, as Proxmox reads 0/1 flags: '' and '0' are false. */
export function truthy(value: string | undefined): boolean {
  const v = value?.trim();
  return v !== undefined && v !== '' && v !== '0';
}

/** A template: a commented line inserted below `line` for the admin to complete. Never applied by fix-all. */
export function commentTemplate(title: string, text: string, index: LineIndex, line: number, content: string): Fix {
  return { title, safety: 'guarded', edits: [insertLineAfter(text, index, line, content)] };
}
