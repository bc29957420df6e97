import type { Rule } from '../../engine/types';
import { aclAdminRoot } from './acl-admin-root';
import { aclPveAdminRoot } from './acl-pveadmin-root';
import { dcMigration } from './dc-migration';
import { fwDisabled } from './fw-disabled';
import { fwMgmtOpen } from './fw-mgmt-open';
import { fwPolicyIn } from './fw-policy-in';
import { pveproxyAcl } from './pveproxy-acl';
import { roleDangerousPriv } from './role-dangerous-priv';
import { roleGuestAgent } from './role-guestagent';
import { tokenNoPrivsep } from './token-noprivsep';
import { vmArgsVnc } from './vm-args-vnc';
import { vmNetFirewall } from './vm-net-firewall';
import { vmPassthru } from './vm-passthru';
import { vmfwSpoof } from './vmfw-spoof';

/** Proxmox VE rules: VM configs, user.cfg, firewall files, datacenter.cfg and /etc/default/pveproxy. */
export const proxmoxRules: Rule<any>[] = [
  vmArgsVnc,
  vmNetFirewall,
  vmPassthru,
  aclAdminRoot,
  aclPveAdminRoot,
  roleDangerousPriv,
  roleGuestAgent,
  tokenNoPrivsep,
  fwDisabled,
  fwMgmtOpen,
  fwPolicyIn,
  vmfwSpoof,
  pveproxyAcl,
  dcMigration,
];
