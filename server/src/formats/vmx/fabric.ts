import type { FabricFacts } from '../../engine/fabric';
import { vmxBool, type VmxSettings } from './settings';

/**
 * The VM's NICs as guest ports on vSphere port groups (`ethernetN.networkName`). Hosted VMs
 * (NAT, host-only, vmnetN) attach to the workstation's own networks, not to a switch in scope.
 */
export function vmxFabric(s: VmxSettings): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  const vm = s.get('displayName')?.value.trim() || 'this VM';
  for (const net of s.matching(/^ethernet\d+\.networkname$/)) {
    const nic = net.lower.slice(0, net.lower.indexOf('.'));
    const present = s.get(`${nic}.present`);
    if (present && vmxBool(present.value) === false) continue;
    const name = net.value.trim();
    if (!name) continue;
    facts.ports.push({ start: net.valueStart, end: net.valueEnd, switch: name, namespace: 'vsphere', name: nic, role: 'guest', guest: vm, locator: `${nic}.networkname` });
  }
  return facts;
}
