import type { FindingDraft, Severity } from '../../engine/types';
import type { PrivilegeSet } from '../../formats/vsphere/carriers';

const UP: Record<Severity, Severity> = { critical: 'critical', high: 'critical', medium: 'high', low: 'medium', info: 'low' };

/**
 * One finding per listed privilege that `match` selects. Severity goes up one step when the
 * same file binds the role with propagation at the root folder or a datacenter.
 */
export function privilegeFindings(set: PrivilegeSet, match: (id: string) => boolean, severity: Severity, why: string): FindingDraft[] {
  const role = set.role ? `Role "${set.role}"` : 'This role';
  return set.items
    .filter((p) => match(p.id))
    .map((p) => ({
      start: p.start,
      end: p.end,
      severity: set.boundAtRoot ? UP[severity] : severity,
      locator: `${set.locator}/${p.id}`,
      message: `${role} includes ${p.id}: ${why}${set.boundAtRoot ? ' The role is granted with propagation at the root folder or a datacenter.' : ''}`,
    }));
}

export function inList(ids: string[]): (id: string) => boolean {
  const set = new Set(ids.map((i) => i.toLowerCase()));
  return (id) => set.has(id.toLowerCase());
}

export const ESCALATION_NOTE = 'Severity goes up one step when the same file grants the role with propagation at the root folder or a datacenter (vmware_object_role_permission). Templated privilege entries are not judged.';
