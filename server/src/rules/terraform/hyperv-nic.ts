import { matchesAny } from '../../engine/config';
import type { FindingDraft, Rule } from '../../engine/types';
import { attr, attrValue, blocks, blocksOf, fromNote, label, setFix, strOf, tfDoc, type HclModel } from './common';

export const tfHypervNic: Rule<HclModel> = {
  meta: {
    id: 'TF-HYPERV-NIC',
    title: 'Hyper-V VM network adapter allows MAC spoofing, turns DHCP or router guard off, or receives mirrored traffic',
    family: 'vswitch-policy',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['terraform'],
    risk: 'On a `hyperv_machine_instance` network adaptor, `mac_address_spoofing = "On"` lets the guest send frames under any MAC address and take over other machines\' traffic; `dhcp_guard = "Off"` and `router_guard = "Off"` let it answer as a DHCP server or send router advertisements and redirect its neighbours; `port_mirroring = "Destination"` hands it a copy of the mirrored traffic of other VMs on the switch.',
    remedy: 'Keep `mac_address_spoofing = "Off"` except on VMs that must (nested hypervisors, NLB, some appliances), set `dhcp_guard = "On"` and `router_guard = "On"` on guests that are not DHCP servers or routers, and make only an authorised sensor a mirroring destination.',
    notes: 'MAC spoofing is high; DHCP and router guard off (the Hyper-V default, reported only when written) are low; a mirroring destination is medium, and is not reported for a VM whose name matches `monitoring.authorizedSensors`. Fixes are guarded: a VM that is a router, DHCP server or nested hypervisor needs these settings.',
    references: [tfDoc('taliesins/hyperv', 'hyperv_machine_instance network_adaptors'), { source: 'Microsoft Learn', id: 'Set-VMNetworkAdapter (-MacAddressSpoofing, -DhcpGuard, -RouterGuard, -PortMirroring)', url: 'https://learn.microsoft.com/powershell/module/hyper-v/set-vmnetworkadapter' }],
  },
  check(model, ctx) {
    const out: FindingDraft[] = [];
    for (const b of blocksOf(model, 'resource', 'hyperv_machine_instance')) {
      const vm = strOf(model, attr(b.body, 'name')?.value) ?? b.labels[1] ?? '';
      blocks(b.body, 'network_adaptors').forEach((nic, i) => {
        const check = (name: string, bad: string, good: string, severity: 'high' | 'medium' | 'low', message: string, breaks: string) => {
          const found = attrValue(model, nic.body, name);
          const v = found ? strOf(model, found.attr.value) : undefined;
          if (!found || v?.toLowerCase() !== bad.toLowerCase()) return;
          out.push({ start: found.attr.start, end: found.attr.end, severity, locator: `${b.labels.join('.')}/network_adaptors[${i}]/${name}`, message: `${label(b)}: adaptor ${i} ${message}${fromNote(found.value)}.`, fixes: good ? setFix(found.attr, found.value, good, `Set ${name} to ${good} (guarded: ${breaks})`, 'guarded') : undefined });
        };
        check('mac_address_spoofing', 'On', 'Off', 'high', 'allows MAC address spoofing: the guest can send frames as any other machine', 'nested hypervisors, NLB and some appliances need spoofing');
        check('dhcp_guard', 'Off', 'On', 'low', 'has DHCP guard off: the guest can answer as a DHCP server for its neighbours', 'a VM that is a DHCP server stops serving');
        check('router_guard', 'Off', 'On', 'low', 'has router guard off: the guest can send router advertisements and redirects', 'a VM that is a router stops advertising');
        if (!matchesAny(vm, ctx.config.monitoring.authorizedSensors)) check('port_mirroring', 'Destination', '', 'medium', 'is a port-mirroring destination: it receives a copy of the mirrored traffic of other VMs on the switch', '');
      });
    }
    return out;
  },
};
