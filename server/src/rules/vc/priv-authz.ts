import type { Rule } from '../../engine/types';
import { PRIVILEGE_SETS, type PrivilegeSet } from '../../formats/vsphere/carriers';
import { doc, stig } from '../refs';
import { ESCALATION_NOTE, inList, privilegeFindings } from './privileges';
import { ROLE_PRIVILEGES } from '../live';

/** the privileges this rule reports */
export const AUTHZ_PRIVILEGE: (id: string) => boolean = inList(['Authorization.ModifyPermissions', 'Authorization.ModifyRoles', 'Authorization.ModifyPrivileges', 'Authorization.ReassignRolePermissions', 'Sessions.ImpersonateUser']);

export const vcPrivAuthz: Rule<PrivilegeSet> = {
  input: PRIVILEGE_SETS,
  meta: {
    id: 'VC-PRIV-AUTHZ',
    title: 'Role can change permissions, roles or impersonate users',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    risk: 'Privileges that modify permissions, roles or privileges, reassign role permissions or impersonate sessions let the holder give itself (or anyone) any right in vCenter: the role is administrator in all but name.',
    remedy: 'Keep Authorization.* and Sessions.ImpersonateUser in administrator roles only, held by few named SSO groups.',
    notes: ESCALATION_NOTE,
    live: ROLE_PRIVILEGES,
    references: [stig('VCSA-80-000095', 'V-258921'), doc('vSphere privilege reference (govmomi simulator capture)', 'Authorization.*, Sessions.ImpersonateUser')],
  },
  check: (set) => privilegeFindings(set, AUTHZ_PRIVILEGE, 'high', 'holders can grant themselves any other privilege.'),
};
