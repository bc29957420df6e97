import type { FindingDraft, Rule } from '../../engine/types';
import { TF_PERMISSION_GRANTS, type TfPermissionGrant } from '../../formats/vsphere/carriers';
import { stig } from '../refs';
import { tfDoc } from './common';

/** The least-privilege template both permission rules offer. */
export function grantTemplate(g: TfPermissionGrant) {
  const edit = g.template([
    'vharden: grant a least-privilege custom role on the lowest object the account needs, e.g.',
    'permissions { user_or_group = "VSPHERE.LOCAL\\\\<sso group>"  is_group = true  propagate = false  role_id = vsphere_role.<least privilege>.id }',
  ]);
  return edit ? [{ title: 'Insert a commented least-privilege grant template (choose the role, object and group yourself)', safety: 'guarded' as const, edits: [edit] }] : undefined;
}

export const tfPermAdminRoot: Rule<TfPermissionGrant> = {
  meta: {
    id: 'TF-PERM-ADMIN-ROOT',
    title: 'Administrator granted with propagation at the vCenter root folder or on a datacenter',
    family: 'excessive-role',
    severity: 'critical',
    fixSafety: 'none',
    formats: ['terraform'],
    risk: 'A `vsphere_entity_permissions` grant of the Administrator role (`role_id = "-1"`, or a `vsphere_role` data source labelled Administrator) on the root folder or a datacenter with `propagate = true` makes the principal administrator of everything below it: every host, VM, datastore and permission, including the right to grant itself anything else. A compromised automation account or directory group then owns the estate.',
    remedy: 'Grant a least-privilege custom role on the lowest object the account needs (a VM folder, a cluster), with `propagate = false` where possible, to an SSO group rather than a directory user. Who needs what is a decision vharden cannot make, so it offers a commented template, not a fix.',
    notes: 'Critical at the root folder (entity_type Folder with the root folder\'s id `group-d1`, or a vsphere_folder data source with path "/"), high on a datacenter. The role is resolved through `data "vsphere_role"` blocks of the same file (label or name Administrator/Admin) and `role_id = "-1"`; custom roles are judged by the VC-* privilege rules. Grants whose role, object or propagation are computed are not judged.',
    references: [stig('VCSA-80-000095', 'V-258921'), stig('VCSA-80-000298', 'V-258963'), tfDoc('vSphere', 'vsphere_entity_permissions')],
  },
  input: TF_PERMISSION_GRANTS,
  check(g) {
    if (g.role.admin !== true || g.propagate !== true || (g.target !== 'root' && g.target !== 'datacenter')) return [];
    const who = g.principal ? `${g.isGroup ? 'group' : 'user'} ${g.principal}` : 'the principal';
    const out: FindingDraft[] = [{
      start: g.role.start,
      end: g.role.end,
      severity: g.target === 'root' ? 'critical' : 'high',
      locator: `${g.locator}/role_id`,
      message: g.target === 'root'
        ? `This grant makes ${who} Administrator on the root folder, propagating to every object in vCenter.`
        : `This grant makes ${who} Administrator on ${g.object} and everything in it.`,
      templates: grantTemplate(g),
    }];
    return out;
  },
};
