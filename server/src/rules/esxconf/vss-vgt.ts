import { matchesAny } from '../../engine/config';
import type { FindingDraft, Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, onEntry } from './common';

const VLAN = /^\/net\/vswitch\/child\[\d+\]\/portgroup\/child\[\d+\]\/vlanId$/;

export const esxconfVssVgt: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-VSS-VGT',
    title: 'Port group trunks all VLANs to guests (VLAN 4095)',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['esxconf'],
    risk: 'VLAN ID 4095 hands every VLAN on the uplink to the guests of the port group (virtual guest tagging). Any VM there can tag its frames into management, storage or other tenants\' VLANs.',
    remedy: 'Give the port group its one VLAN ID. Keep 4095 only for guests that must tag (routers, sensors) and name them in vharden.monitoring.authorizedSensors or suppress with a reason.',
    notes: `Port groups whose name matches vharden.monitoring.authorizedSensors are not reported. No text fix: the right VLAN ID is not in the file. ${SHAPE_NOTE}`,
    references: [stig('ESXI-80-000220', 'V-258775'), scg('esx-9.network-vgt')],
  },
  check(m, ctx) {
    const out: FindingDraft[] = [];
    for (const e of m.matching(VLAN)) {
      if (e.value.trim() !== '4095') continue;
      const name = m.get(e.key.replace(/vlanId$/, 'name'))?.value;
      if (name && matchesAny(name, ctx.config.monitoring.authorizedSensors)) continue;
      out.push(onEntry(e, `${m.describe(e.key) || e.key}: VLAN 4095 passes every VLAN to the guests.`));
    }
    return out;
  },
};
