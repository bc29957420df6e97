import type { FindingDraft, Rule } from '../../engine/types';
import { VSWITCH_POLICY, type PolicyKey, type SwitchPolicy } from '../../formats/vsphere/carriers';
import { stig } from '../refs';
import { tfDoc } from './common';

/** Names that suggest nested ESXi, appliances or sensors, which may need these modes. */
export const SPECIAL = /nested|esxi|appliance|sensor|ids|span|monitor|capture|lab/i;
const WHAT: Record<PolicyKey, string> = {
  promiscuous: 'promiscuous mode',
  forgedTransmits: 'forged transmits (VMs can send frames with a MAC address that is not theirs)',
  macChanges: 'MAC address changes (VMs can take over another MAC address)',
};

export const tfVssInsecureDefaults: Rule<SwitchPolicy> = {
  meta: {
    id: 'TF-VSS-INSECURE-DEFAULTS',
    title: 'Standard vSwitch or port group accepts forged transmits or MAC changes (the provider default)',
    family: 'vswitch-policy',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['terraform'],
    risk: 'The vSphere provider creates a host virtual switch with forged transmits and MAC address changes accepted unless `allow_forged_transmits` and `allow_mac_changes` say false. A VM on it can then send frames under another machine\'s MAC address and take over its traffic (ARP spoofing, interception between VMs on the switch).',
    remedy: 'Write `allow_forged_transmits = false` and `allow_mac_changes = false` on every vsphere_host_virtual_switch (port groups inherit them). Where a nested ESXi host or an appliance needs them, accept them on a port group of its own only.',
    notes: 'Omitted attributes of a vsphere_host_virtual_switch take the provider\'s documented defaults (forged transmits and MAC changes true, promiscuous false) and are reported on the resource with a fix that writes them; omitted attributes of a vsphere_host_port_group are inherited from the switch and not reported. The fix is offered as guarded when the name suggests nested ESXi, appliances or sensors. Values from variables declared elsewhere are unknown and not judged; a variable\'s literal default in the same file is judged without a fix. Promiscuous mode is TF-NET-PROMISC; distributed switches are TF-DPG-SECURITY.',
    references: [stig('ESXI-80-000216', 'V-258771'), stig('ESXI-80-000217', 'V-258772'), tfDoc('vSphere', 'vsphere_host_virtual_switch (security policy defaults)')],
  },
  input: VSWITCH_POLICY,
  check(p) {
    if (p.kind !== 'standard-switch' && p.kind !== 'standard-portgroup') return [];
    const out: FindingDraft[] = [];
    const special = SPECIAL.test(p.name);
    for (const key of ['forgedTransmits', 'macChanges'] as const) {
      const s = p.get(key);
      if (!s || s.value !== true) continue;
      const what = p.kind === 'standard-switch' ? `The standard vSwitch ${p.name}` : `The port group ${p.name}`;
      out.push({
        start: s.start,
        end: s.end,
        locator: s.locator,
        message: s.written ? `${what} accepts ${WHAT[key]} (${s.name} = true${s.note ?? ''}).` : `${what} does not set ${s.name}, so the vSphere provider's default (true) accepts ${WHAT[key]}.`,
        fixes: s.reject ? [{ title: s.written ? `Set ${s.name} to false${special ? ' (guarded: nested ESXi or appliances on this switch may need it)' : ''}` : `Add ${s.name} = false${special ? ' (guarded: nested ESXi or appliances on this switch may need it)' : ''}`, safety: special ? 'guarded' : 'safe', edits: s.reject }] : undefined,
      });
    }
    return out;
  },
};
