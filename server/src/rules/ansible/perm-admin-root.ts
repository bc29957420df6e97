import type { FindingDraft, Rule } from '../../engine/types';
import { grantsAdmin, PERMISSION_GRANTS, type PermissionGrant } from '../../formats/vsphere/carriers';
import { doc, stig } from '../refs';

/** The least-privilege grant the template suggests where the carrier has none of its own (Ansible task options). */
const ANSIBLE_LINES = [
  'role: <least-privilege custom role>   object_name: <folder or cluster the account needs>   recursive: false',
  'grant it to an SSO group (group: VSPHERE.LOCAL\\<group>) rather than a directory user',
];

/** A commented least-privilege grant template in the carrier's syntax, for the permission rules. */
export function leastPrivilegeTemplate(g: PermissionGrant) {
  const edits = g.template(g.leastPrivilege ?? ANSIBLE_LINES);
  return edits.length ? [{ title: 'Insert a commented least-privilege grant template (choose the role and object yourself)', safety: 'guarded' as const, edits }] : undefined;
}

export const ansPermAdminRoot: Rule<PermissionGrant> = {
  input: PERMISSION_GRANTS,
  meta: {
    id: 'ANS-PERM-ADMIN-ROOT',
    title: 'Admin granted at the vCenter root or on a datacenter',
    family: 'excessive-role',
    severity: 'critical',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    aliases: ['TF-PERM-ADMIN-ROOT'],
    risk: 'The Admin role granted on the root folder or a datacenter with propagation makes the principal administrator of every datacenter, host, VM, datastore and permission below it. A compromised automation account or directory group then owns the whole estate, including the right to grant itself anything else.',
    remedy: 'Grant a least-privilege custom role on the lowest object the account needs (a VM folder, a cluster), without propagation (Ansible recursive: false, Terraform propagate = false, or without "Propagate to children") where possible, and grant it to an SSO group rather than a directory user. Who needs what is a decision vharden cannot make, so it offers a commented template, not a fix.',
    notes: 'One rule for every carrier of permission grants: Ansible `vmware_object_role_permission` tasks, Terraform `vsphere_entity_permissions` resources and the permissions of a live vCenter or ESXi host in `vharden collect vsphere` snapshots. It replaces TF-PERM-ADMIN-ROOT, which judged the same grant in Terraform (the old id still works in suppressions, settings and baselines). Critical at the root folder, high on a datacenter. Ansible: object_type defaults to Folder and recursive to true (the module defaults); recursive: false, state: absent and templated values are not reported. Terraform: the root folder is entity_type Folder with the root folder\'s id `group-d1`, or a vsphere_folder data source with path "/"; the role is Administrator when `role_id = "-1"` or a `data "vsphere_role"` of the same file is labelled Administrator/Admin (custom roles are judged by the VC-* privilege rules); grants whose role, object or propagation are computed are not judged. In snapshots, the product\'s own administrators are not reported: vCenter\'s `VSPHERE.LOCAL\\Administrators` group and `VSPHERE.LOCAL\\Administrator`, and on a standalone ESXi host `root`, `dcui` and `vpxuser`. The template is written in the carrier\'s syntax (a commented task or `permissions` block); a snapshot gets none.',
    live: {
      client: 'Select the object (the vCenter root folder or the datacenter) > Permissions: select the entry, then Remove Permission, or Edit it and clear "Propagate to children"',
      powercli: "`Get-VIPermission -Entity <object> -Principal '<principal>' | Remove-VIPermission`",
      ansible: '`community.vmware.vmware_object_role_permission` with `principal:`, `role: Admin`, `object_name:` and `state: absent`',
    },
    references: [stig('VCSA-80-000095', 'V-258921'), stig('VCSA-80-000298', 'V-258963'), doc('Ansible community.vmware', 'vmware_object_role_permission'), doc('Terraform vSphere provider', 'vsphere_entity_permissions')],
  },
  check(g) {
    if (!grantsAdmin(g) || !g.at || g.builtIn) return [];
    const root = g.at.root;
    const finding: FindingDraft = {
      start: g.start,
      end: g.end,
      severity: root ? 'critical' : 'high',
      locator: g.locator,
      message: g.at.root
        ? `${g.by} grants ${g.role} to ${g.principal} on the root folder, propagating to every object in vCenter.`
        : `${g.by} grants ${g.role} to ${g.principal} on datacenter "${g.at.datacenter}" and everything in it.`,
      templates: leastPrivilegeTemplate(g),
    };
    return [finding];
  },
};
