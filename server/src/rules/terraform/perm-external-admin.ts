import type { FindingDraft, Rule } from '../../engine/types';
import { TF_PERMISSION_GRANTS, type TfPermissionGrant } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { tfDoc } from './common';
import { grantTemplate } from './perm-admin-root';

/** The identity source of a principal written `DOMAIN\name` or `name@domain`; undefined when it has none. */
export function domainOf(principal: string): string | undefined {
  const bs = principal.indexOf('\\');
  if (bs > 0) return principal.slice(0, bs);
  const at = principal.lastIndexOf('@');
  return at > 0 ? principal.slice(at + 1) : undefined;
}

export const tfPermExternalAdmin: Rule<TfPermissionGrant> = {
  meta: {
    id: 'TF-PERM-EXTERNAL-ADMIN',
    title: 'Administrator granted directly to a directory user or group',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['terraform'],
    risk: 'When the Administrator role is granted straight to an Active Directory or LDAP principal (`CORP\\jdoe`, `admins@example.com`), whoever controls that directory entry (a directory admin, a help desk that resets passwords, an attacker in the domain) becomes vCenter administrator, and the grant is invisible to reviews of vCenter\'s own SSO groups.',
    remedy: 'Grant the role to a vCenter SSO group (`VSPHERE.LOCAL\\<group>`) whose membership is managed in vCenter, and add the directory accounts to that group.',
    notes: 'A principal is a directory one when its domain (before `\\` or after `@`) is not vsphere.local; a vCenter whose SSO domain has another name should suppress this rule with a reason. Only grants whose role resolves to Administrator are judged (see TF-PERM-ADMIN-ROOT); computed principals are not judged.',
    references: [stig('VCSA-80-000298', 'V-258963'), scg('vcenter-9.administration-sso-groups'), tfDoc('vSphere', 'vsphere_entity_permissions user_or_group')],
  },
  input: TF_PERMISSION_GRANTS,
  check(g) {
    if (g.role.admin !== true || !g.principal) return [];
    const domain = domainOf(g.principal);
    if (!domain || domain.toLowerCase() === 'vsphere.local') return [];
    const out: FindingDraft[] = [{
      start: g.role.start,
      end: g.role.end,
      locator: `${g.locator}/user_or_group`,
      message: `This grant gives Administrator directly to the ${domain} directory ${g.isGroup ? 'group' : 'user'} ${g.principal}, not to a vCenter SSO group.`,
      templates: grantTemplate(g),
    }];
    return out;
  },
};
