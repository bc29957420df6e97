import type { Rule } from '../../engine/types';
import { PRIVILEGE_SETS, type PrivilegeSet } from '../../formats/vsphere/carriers';
import { doc, stig } from '../refs';
import { ESCALATION_NOTE, inList, privilegeFindings } from './privileges';
import { ROLE_PRIVILEGES } from '../live';

/** the privileges this rule reports */
export const CRYPTO_PRIVILEGE = (id: string): boolean => /^cryptographer\./i.test(id) || inList(['Global.Diagnostics', 'Host.Inventory.AddHostToCluster', 'Host.Inventory.AddStandaloneHost', 'Host.Local.ManageUserGroups'])(id);

export const vcPrivCrypto: Rule<PrivilegeSet> = {
  input: PRIVILEGE_SETS,
  meta: {
    id: 'VC-PRIV-CRYPTO',
    title: 'Role holds cryptographic or host-adding privileges',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    risk: 'Cryptographer.* privileges manage keys of encrypted VMs, and Global.Diagnostics, adding hosts and managing local host users let a holder move encrypted VMs to a host under their control or read their memory. Outside a dedicated crypto-admin role they defeat VM encryption.',
    remedy: 'Keep these privileges in roles for designated cryptography administrators only; give ordinary administrators the built-in "No cryptography administrator" role (NoCryptoAdmin) instead of Admin-like custom roles.',
    notes: ESCALATION_NOTE,
    live: ROLE_PRIVILEGES,
    references: [stig('VCSA-80-000284', 'V-258951'), stig('VCSA-80-000285', 'V-258952'), doc('Broadcom BRICKSTORM defence checklist', 'remove encryption privileges from admins')],
  },
  check: (set) => privilegeFindings(set, CRYPTO_PRIVILEGE, 'high', 'holders can decrypt or re-key encrypted VMs, or add hosts they control to the inventory.'),
};
