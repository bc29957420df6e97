import { matchesAny } from '../../engine/config';
import type { FindingDraft, Rule } from '../../engine/types';
import { VSWITCH_POLICY, type SwitchPolicy } from '../../formats/vsphere/carriers';
import { stig } from '../refs';
import { tfDoc } from './common';
import { SPECIAL } from './vss-insecure-defaults';

const NAMES: Record<SwitchPolicy['kind'], string> = {
  'standard-switch': 'standard vSwitch',
  'standard-portgroup': 'port group',
  'distributed-switch': 'distributed switch',
  'distributed-portgroup': 'distributed port group',
};

export const tfNetPromisc: Rule<SwitchPolicy> = {
  meta: {
    id: 'TF-NET-PROMISC',
    title: 'vSphere switch or port group in promiscuous mode',
    family: 'vswitch-policy',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['terraform'],
    risk: 'With `allow_promiscuous = true`, every VM on the switch or port group receives all frames on it, including the traffic between other VMs: any compromised guest can capture credentials and sessions of its neighbours.',
    remedy: 'Set `allow_promiscuous = false`. If a network sensor needs to see the traffic, give it a port group of its own (list it in monitoring.authorizedSensors) and attach nothing else to it; on a distributed switch use a port-mirroring session instead.',
    notes: 'High on a whole switch, medium on a port group. A port group whose name matches `monitoring.authorizedSensors` is a sensor port group and is not reported. The fix on a port group is guarded (a sensor attached to it stops seeing traffic), and so is the fix on a switch whose name suggests nested ESXi, appliances or sensors. Omitted attributes are not reported (the provider\'s default is false, and port groups inherit).',
    references: [stig('ESXI-80-000218', 'V-258773'), stig('VCSA-80-000270'), tfDoc('vSphere', 'allow_promiscuous')],
  },
  input: VSWITCH_POLICY,
  check(p, ctx) {
    const s = p.get('promiscuous');
    if (!s || s.value !== true || !s.written) return [];
    const group = p.kind.endsWith('portgroup');
    if (group && matchesAny(p.name, ctx.config.monitoring.authorizedSensors)) return [];
    const guarded = group || SPECIAL.test(p.name);
    const out: FindingDraft[] = [{
      start: s.start,
      end: s.end,
      severity: group ? 'medium' : 'high',
      locator: s.locator,
      message: `The ${NAMES[p.kind]} ${p.name} accepts promiscuous mode (${s.name} = true${s.note ?? ''}): every VM on it sees the traffic of the others.`,
      fixes: s.reject ? [{ title: `Set ${s.name} to false${guarded ? ` (guarded: ${group ? 'a sensor VM on this port group stops seeing traffic' : 'nested ESXi or appliances on this switch may need it'})` : ''}`, safety: guarded ? 'guarded' : 'safe', edits: s.reject }] : undefined,
    }];
    return out;
  },
};
