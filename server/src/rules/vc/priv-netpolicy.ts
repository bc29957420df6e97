import type { Rule } from '../../engine/types';
import { PRIVILEGE_SETS, type PrivilegeSet } from '../../formats/vsphere/carriers';
import { doc, stig } from '../refs';
import { ESCALATION_NOTE, inList, privilegeFindings } from './privileges';
import { ROLE_PRIVILEGES } from '../live';

/** the privileges this rule reports */
export const NETPOLICY_PRIVILEGE: (id: string) => boolean = inList(['DVSwitch.Vspan', 'DVSwitch.PolicyOp', 'DVSwitch.PortConfig', 'DVPortgroup.PolicyOp', 'Host.Config.Network']);

export const vcPrivNetPolicy: Rule<PrivilegeSet> = {
  input: PRIVILEGE_SETS,
  meta: {
    id: 'VC-PRIV-NETPOLICY',
    title: 'Role can mirror traffic or change switch security policy',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    risk: 'These privileges create VSPAN mirror sessions and change distributed and standard switch policy: a holder can copy other VMs\' traffic to a VM they control or turn on promiscuous mode, which is eavesdropping without touching any guest.',
    remedy: 'Keep switch policy and mirroring privileges in network-administrator roles only; review every mirror session against the list of authorised sensors.',
    notes: ESCALATION_NOTE,
    live: ROLE_PRIVILEGES,
    references: [stig('VCSA-80-000300', 'V-258965'), doc('vSphere privilege reference (govmomi simulator capture)', 'DVSwitch.Vspan, DVSwitch.PolicyOp')],
  },
  check: (set) => privilegeFindings(set, NETPOLICY_PRIVILEGE, 'high', 'holders can create port-mirroring sessions or switch on promiscuous mode and forged transmits.'),
};
