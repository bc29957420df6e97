import type { Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, esxInt, onEntry, setFix } from './common';

const KEY = '/adv/Net/BMCNetworkEnable';

export const esxconfBmcVnic: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-BMC-VNIC',
    title: 'Virtual NIC to the BMC enabled',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['esxconf'],
    risk: 'Net.BMCNetworkEnable = 1 (the installation default) lets the host bring up a virtual NIC to the server\'s management controller (iLO, iDRAC, XCC): a path between the hypervisor and the out-of-band network that bypasses its firewalling.',
    remedy: 'Set /adv/Net/BMCNetworkEnable to 0.',
    notes: `An absent key means the default 1 and is reported only when the file holds other /adv/Net/ options; the fix then adds the key after them. ${SHAPE_NOTE}`,
    references: [stig('ESXI-80-000250', 'V-265977'), scg('esx-9.hardware-virtual-nic')],
  },
  check(m) {
    const e = m.get(KEY);
    if (e) {
      const n = esxInt(e.value);
      return n === undefined || n === 0 ? [] : [onEntry(e, `${KEY} is ${n}: the host may open a virtual NIC to the BMC.`, [setFix(m, e, '0', 'safe')])];
    }
    const group = m.matching(/^\/adv\/Net\//).sort((a, b) => b.line - a.line)[0];
    if (!group) return [];
    return [{
      start: group.keyStart,
      end: group.keyEnd,
      locator: `${KEY}#absent`,
      message: `${KEY} is not set: the installation default (1) lets the host open a virtual NIC to the BMC.`,
      fixes: [{ title: `Add ${KEY} = "0"`, safety: 'safe', edits: [m.add(KEY, '0', '/adv/Net/')] }],
    }];
  },
};
