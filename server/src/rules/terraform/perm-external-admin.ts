import type { FindingDraft, Rule } from '../../engine/types';
import { grantsAdmin, PERMISSION_GRANTS, type PermissionGrant } from '../../formats/vsphere/carriers';
import { leastPrivilegeTemplate } from '../ansible/perm-admin-root';
import { doc, scg, stig } from '../refs';
import { tfDoc } from './common';

/** The identity source of a principal written `DOMAIN\name` or `name@domain`; undefined when it has none. */
export function domainOf(principal: string): string | undefined {
  const bs = principal.indexOf('\\');
  if (bs > 0) return principal.slice(0, bs);
  const at = principal.lastIndexOf('@');
  return at > 0 ? principal.slice(at + 1) : undefined;
}

export const tfPermExternalAdmin: Rule<PermissionGrant> = {
  meta: {
    id: 'TF-PERM-EXTERNAL-ADMIN',
    title: 'Administrator granted directly to a directory user or group',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    risk: 'When the Administrator role is granted straight to an Active Directory or LDAP principal (`CORP\\jdoe`, `admins@example.com`), whoever controls that directory entry (a directory admin, a help desk that resets passwords, an attacker in the domain) becomes vCenter administrator, and the grant is invisible to reviews of vCenter\'s own SSO groups.',
    remedy: 'Grant the role to a vCenter SSO group (`VSPHERE.LOCAL\\<group>`) whose membership is managed in vCenter, and add the directory accounts to that group.',
    notes: 'Reads the shared permission grants: Terraform `vsphere_entity_permissions` (`user_or_group`, `is_group`), Ansible `vmware_object_role_permission` tasks (`principal` or `group`) and the permissions of a live vCenter or ESXi host in `vharden collect vsphere` snapshots, wherever the grant is. The role is Administrator as ANS-PERM-ADMIN-ROOT judges it (Terraform `role_id = "-1"` or a `data "vsphere_role"` labelled Administrator; elsewhere the role named Admin or Administrator). A principal is a directory one when its domain (before `\\` or after `@`) is not vsphere.local; a vCenter whose SSO domain has another name should suppress this rule with a reason. Computed or templated principals are not judged, nor are a snapshot\'s built-in administrators.',
    live: {
      client: 'Select the object > Permissions: Add Permission for the SSO group (VSPHERE.LOCAL\\<group>) with the same role, then select the directory principal\'s entry and Remove Permission; Administration > Single Sign On > Users and Groups > Groups: add the directory accounts to that group',
      powercli: "`New-VIPermission -Entity <object> -Principal 'VSPHERE.LOCAL\\<group>' -Role Admin`, then `Get-VIPermission -Entity <object> -Principal '<principal>' | Remove-VIPermission`",
      ansible: '`community.vmware.vmware_object_role_permission` with `group: VSPHERE.LOCAL\\<group>`, then the same task for the directory principal with `state: absent`',
    },
    references: [stig('VCSA-80-000298', 'V-258963'), scg('vcenter-9.administration-sso-groups'), tfDoc('vSphere', 'vsphere_entity_permissions user_or_group'), doc('Ansible community.vmware', 'vmware_object_role_permission')],
  },
  input: PERMISSION_GRANTS,
  check(g) {
    if (!grantsAdmin(g) || !g.account || g.builtIn) return [];
    const domain = domainOf(g.account.name);
    if (!domain || domain.toLowerCase() === 'vsphere.local') return [];
    const out: FindingDraft[] = [{
      start: g.start,
      end: g.end,
      locator: `${g.locator}/principal`,
      message: `${g.by} gives Administrator directly to the ${domain} directory ${g.account.group ? 'group' : 'user'} ${g.account.name}, not to a vCenter SSO group.`,
      templates: leastPrivilegeTemplate(g),
    }];
    return out;
  },
};
