import type { FabricFacts } from '../../engine/fabric';
import type { EsxConfModel } from './parser';

const SWITCH_NAME = /^\/net\/vswitch\/child\[(\d+)\]\/name$/;
const PORTGROUP_NAME = /^\/net\/vswitch\/child\[(\d+)\]\/portgroup\/child\[(\d+)\]\/name$/;

/**
 * The host's standard vSwitches and their port groups. A port group that overrides promiscuous
 * mode to accept is where a sensor sees the switch's traffic (a standard switch cannot mirror).
 */
export function esxConfFabric(m: EsxConfModel): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  const switches = new Map<string, string>();
  for (const e of m.matching(SWITCH_NAME)) {
    const n = SWITCH_NAME.exec(e.key)![1]!;
    const name = e.value.trim();
    if (!name) continue;
    switches.set(n, name);
    facts.switches.push({ kind: 'vsphere-vss', namespace: 'vsphere', name, start: e.valueStart, end: e.valueEnd, locator: e.key });
  }
  for (const e of m.matching(PORTGROUP_NAME)) {
    const [, sw, pg] = PORTGROUP_NAME.exec(e.key)!;
    const parent = switches.get(sw!);
    const name = e.value.trim();
    if (!parent || !name) continue;
    facts.switches.push({ kind: 'vsphere-portgroup', namespace: 'vsphere', name, parent, start: e.valueStart, end: e.valueEnd, locator: e.key });
    const promiscuous = m.get(`/net/vswitch/child[${sw}]/portgroup/child[${pg}]/securityPolicy/promiscuous`);
    if (promiscuous?.value.trim().toLowerCase() === 'true') {
      facts.mirrors.push({ start: e.valueStart, end: e.valueEnd, switch: parent, namespace: 'vsphere', name, via: 'promiscuous', selectAll: true, selectPorts: [], selectVlans: [], destination: name, locator: `sensor-portgroup:${name}` });
    }
  }
  return facts;
}
