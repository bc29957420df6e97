import type { FindingDraft, Rule } from '../../engine/types';
import { VSWITCH_POLICY, type SwitchPolicy } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { tfDoc } from './common';

export const tfDpgSecurity: Rule<SwitchPolicy> = {
  meta: {
    id: 'TF-DPG-SECURITY',
    title: 'Distributed switch or port group accepts forged transmits or MAC changes, or lets single ports override its policy',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['terraform'],
    risk: 'On a distributed switch or port group, forged transmits and MAC changes let a VM impersonate another machine\'s MAC address; per-port overrides (`security_policy_override_allowed`, `vlan_override_allowed`, …) let whoever configures a single port undo the group\'s policy, and with `port_config_reset_at_disconnect = false` those per-port changes stick.',
    remedy: 'Set `allow_forged_transmits = false` and `allow_mac_changes = false`, keep the `*_override_allowed` attributes false (`block_override_allowed` may stay true) and `port_config_reset_at_disconnect = true`.',
    notes: 'Only values written in the file are judged: vCenter creates distributed switches with forged transmits and MAC changes rejected, and port groups inherit. `live_port_moving_allowed` counts as an override. A variable\'s literal default in the same file is judged without a fix.',
    references: [stig('VCSA-80-000268'), stig('VCSA-80-000269'), stig('VCSA-80-000301', 'V-258966'), stig('VCSA-80-000302', 'V-258967'), scg('vcenter-9.network-restrict-port-level-overrides'), tfDoc('vSphere', 'vsphere_distributed_port_group')],
  },
  input: VSWITCH_POLICY,
  check(p) {
    if (p.kind !== 'distributed-switch' && p.kind !== 'distributed-portgroup') return [];
    const out: FindingDraft[] = [];
    const what = p.kind === 'distributed-switch' ? `The distributed switch ${p.name}` : `The distributed port group ${p.name}`;
    for (const key of ['forgedTransmits', 'macChanges'] as const) {
      const s = p.get(key);
      if (!s || s.value !== true || !s.written) continue;
      out.push({ start: s.start, end: s.end, locator: s.locator, message: `${what} accepts ${key === 'macChanges' ? 'MAC address changes' : 'forged transmits'} (${s.name} = true${s.note ?? ''}).`, fixes: s.reject ? [{ title: `Set ${s.name} to false`, safety: 'safe', edits: s.reject }] : undefined });
    }
    for (const s of p.portOverrides) {
      const reset = s.name === 'port_config_reset_at_disconnect';
      out.push({
        start: s.start,
        end: s.end,
        locator: s.locator,
        message: reset ? `${what} keeps per-port changes after a VM disconnects (${s.name} = false${s.note ?? ''}).` : `${what} lets single ports override its policy (${s.name} = true${s.note ?? ''}).`,
        fixes: s.reject ? [{ title: `Set ${s.name} to ${reset ? 'true' : 'false'}`, safety: 'safe', edits: s.reject }] : undefined,
      });
    }
    return out;
  },
};
