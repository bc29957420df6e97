import type { FindingDraft, Rule } from '../../engine/types';
import { PERMISSION_GRANTS, type PermissionGrant } from '../../formats/vsphere/carriers';
import { doc, stig } from '../refs';

const ADMIN = new Set(['admin', 'administrator']);

export const ansPermAdminRoot: Rule<PermissionGrant> = {
  input: PERMISSION_GRANTS,
  meta: {
    id: 'ANS-PERM-ADMIN-ROOT',
    title: 'Admin granted at the vCenter root or on a datacenter',
    family: 'excessive-role',
    severity: 'critical',
    fixSafety: 'none',
    formats: ['ansible', 'vsphere-snapshot'],
    risk: 'The Admin role granted on the root folder (vmware_object_role_permission\'s object_type defaults to Folder) with propagation (recursive true, the module default) makes the principal administrator of every datacenter, host, VM and permission in vCenter. A compromised automation account or directory group then owns the whole estate, including the right to grant itself anything else.',
    remedy: 'Grant a least-privilege custom role on the lowest object the account needs (a VM folder, a cluster), with recursive: false (or without "Propagate to children") where possible, and grant it to an SSO group rather than a directory user. Who needs what is a decision vharden cannot make, so it offers no text fix.',
    notes: 'Reads Ansible `vmware_object_role_permission` tasks and the permissions of a live vCenter or ESXi host in `vharden collect vsphere` snapshots. Critical at the root folder, high on a datacenter. recursive is judged by the module default (true); recursive: false (a permission that does not propagate), state: absent and templated values are not reported. In snapshots, the product\'s own administrators are not reported: vCenter\'s `VSPHERE.LOCAL\\Administrators` group and `VSPHERE.LOCAL\\Administrator`, and on a standalone ESXi host `root`, `dcui` and `vpxuser`.',
    live: {
      client: 'Select the object (the vCenter root folder or the datacenter) > Permissions: select the entry, then Remove Permission, or Edit it and clear "Propagate to children"',
      powercli: "`Get-VIPermission -Entity <object> -Principal '<principal>' | Remove-VIPermission`",
      ansible: '`community.vmware.vmware_object_role_permission` with `principal:`, `role: Admin`, `object_name:` and `state: absent`',
    },
    references: [stig('VCSA-80-000095', 'V-258921'), stig('VCSA-80-000298', 'V-258963'), doc('Ansible community.vmware', 'vmware_object_role_permission')],
  },
  check(g) {
    if (!ADMIN.has(g.role.toLowerCase()) || !g.at || g.builtIn) return [];
    const root = g.at.root;
    const edits = g.template([
      'role: <least-privilege custom role>   object_name: <folder or cluster the account needs>   recursive: false',
      'grant it to an SSO group (group: VSPHERE.LOCAL\\<group>) rather than a directory user',
    ]);
    const finding: FindingDraft = {
      start: g.start,
      end: g.end,
      severity: root ? 'critical' : 'high',
      locator: g.locator,
      message: g.at.root
        ? `${g.by} grants ${g.role} to ${g.principal} on the root folder, propagating to every object in vCenter.`
        : `${g.by} grants ${g.role} to ${g.principal} on datacenter "${g.at.datacenter}" and everything in it.`,
      templates: edits.length ? [{ title: 'Insert a commented least-privilege grant template (choose the role and object yourself)', safety: 'guarded', edits }] : undefined,
    };
    return [finding];
  },
};
