import type { LineIndex } from '../../engine/text';
import type { Fix } from '../../engine/types';
import type { Grant } from '../../formats/proxmox-user/privileges';
import { commentTemplate } from './common';

/** A commented, scoped acl line below the grant, for the admin to complete. Never changes who can do what. */
export function scopedAclTemplate(g: Grant, text: string, index: LineIndex, role: string): Fix {
  return commentTemplate(
    'Insert a commented acl template scoped to a pool (complete it, then remove the broad grant yourself)',
    text,
    index,
    g.acl.record.line,
    `# vharden template: acl:1:/pool/<pool>:${g.subject.text}:${role}:   (scope to /vms/<vmid>, /pool/<name> or /storage/<id>)`,
  );
}

export function grantLocator(g: Grant): string {
  return `acl:${g.acl.path}:${g.subject.text}:${g.role.text}`;
}
