import type { Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, finding, missingFinding, optBool, optInt } from './options';
import { hostOptions } from '../live';

const NAME = 'Net.BMCNetworkEnable';
const BREAKS = 'vendor tools that reach the BMC through the host lose that link';

export const esxadvBmcVnic: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-BMC-VNIC',
    aliases: ['ESXCONF-BMC-VNIC'],
    title: 'Host network reachable from the BMC virtual NIC',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'Net.BMCNetworkEnable = 1 (the installation default) brings up the virtual NIC between the host and its baseboard management controller (iLO, iDRAC, XCC). A compromised BMC then has a network path into the hypervisor that bypasses the management network\'s firewalls.',
    remedy: 'Set Net.BMCNetworkEnable to 0 unless a vendor tool needs the BMC link. The fix is guarded for that reason: hardware management agents that talk to the BMC through the host lose the link.',
    notes: PARTIAL_NOTE,
    live: hostOptions(['Net.BMCNetworkEnable', '0']),
    references: [stig('ESXI-80-000250', 'V-265977'), scg('esx-9.hardware-virtual-nic')],
  },
  check(s) {
    const o = s.get(NAME);
    if (!o) {
      const at = s.missing?.(NAME, '0');
      return at ? [missingFinding(at, `${at.name} is not set: the installation default (1) lets the host open a virtual NIC to its BMC.`, '0', BREAKS)] : [];
    }
    const n = optInt(o);
    if (!(optBool(o) === true || (n !== undefined && n !== 0))) return [];
    return [finding(s, o, `${o.name} = ${o.value} connects the host to its BMC over a virtual NIC.`, { value: '0', type: 'int', safety: 'guarded', note: `guarded: ${BREAKS}` })];
  },
};
