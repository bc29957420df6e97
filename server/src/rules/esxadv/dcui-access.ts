import type { Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, finding } from './options';
import { hostOptions } from '../live';

export const esxadvDcuiAccess: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-DCUI-ACCESS',
    title: 'Users besides root may use the DCUI in lockdown mode',
    family: 'excessive-role',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'DCUI.Access lists the users who keep access to the host\'s console (DCUI) even in lockdown mode. Every extra name there is a way around lockdown: whoever holds it can change management network settings or leave lockdown from the console.',
    remedy: 'Keep DCUI.Access to root only and manage break-glass access through the lockdown exception list. Which users need it is your decision, so vharden offers no fix.',
    notes: PARTIAL_NOTE,
    live: hostOptions(['DCUI.Access', 'root']),
    references: [stig('ESXI-80-000189'), scg('esx-9.lockdown-dcui-access')],
  },
  check(s) {
    const o = s.get('DCUI.Access');
    if (!o) return [];
    const users = o.value.split(',').map((u) => u.trim()).filter(Boolean);
    const others = users.filter((u) => u !== 'root');
    if (others.length === 0) return [];
    return [finding(s, o, `DCUI.Access lets ${others.join(', ')} use the host console even in lockdown mode; only root is expected.`)];
  },
};
