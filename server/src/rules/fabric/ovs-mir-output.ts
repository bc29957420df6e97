import { matchesAny, type EffectiveConfig } from '../../engine/config';
import { roleOfDevice, type At, type Fabric, type MirrorFact, type PortFact } from '../../engine/fabric';
import type { CrossFileFindingDraft, CrossFileRule } from '../../engine/types';
import { stig } from '../refs';
import { OVS_FAQ_SPAN } from './refs';

function label(m: At<MirrorFact>): string {
  const what = m.via === 'tc' ? `tc mirror of ${m.selectPorts[0] ?? 'a device'}` : `mirror ${m.name ?? '(unnamed)'}`;
  return m.switch ? `${what} on ${m.switch}` : what;
}

/** Why the mirror's destination is not a dedicated, authorised sensor; undefined when it is. */
function problem(m: At<MirrorFact>, ports: PortLookup, config: EffectiveConfig): string | undefined {
  if (m.outputPort !== undefined) {
    if (m.outputPort === 'SENSOR_PORT') return 'outputs to SENSOR_PORT, the template placeholder: name the dedicated sensor port';
    const port = ports.byName.get(m.outputPort);
    const role = port?.role ?? roleOfDevice(m.outputPort);
    if (role === 'guest') return `outputs to ${m.outputPort}, a guest port${port?.guest && port.guest !== m.outputPort ? ` of ${port.guest}` : ''}: that guest receives every mirrored frame, and OVS drops the guest's own traffic on an output port`;
    // a physical NIC may well be a dedicated SPAN port to a sensor appliance; a bond carries production traffic
    if (role === 'uplink' && (port?.bond || /^(bond|team)/i.test(m.outputPort))) return `outputs to ${m.outputPort}, a bonded uplink: mirrored frames leave the host on a production link and the port stops forwarding its own traffic`;
    if (m.selectPorts.includes(m.outputPort)) return `outputs to ${m.outputPort}, which it also selects`;
  }
  if (m.outputVlan !== undefined) {
    const user = ports.byVlan.get(m.outputVlan);
    if (user) return `outputs to VLAN ${m.outputVlan}, which ${user.name} also uses (${user.tag === m.outputVlan ? 'tag' : 'trunk'}): mirrored frames mix with that VLAN's traffic`;
  }
  const sensors = config.monitoring.authorizedSensors;
  if (sensors.length > 0 && m.destination !== undefined && !matchesAny(m.destination, sensors) && !(m.outputPort && matchesAny(m.outputPort, sensors))) {
    return `sends mirrored traffic to ${m.destination}, which is not in monitoring.authorizedSensors`;
  }
  return undefined;
}

/** The first port of each name, and of each VLAN a mirror outputs to (by tag or trunk): looked up, not searched per mirror. */
interface PortLookup {
  byName: Map<string, At<PortFact>>;
  byVlan: Map<number, At<PortFact>>;
}

function portLookup(fabric: Fabric): PortLookup {
  const vlans = new Set(fabric.mirrors.flatMap((m) => (m.outputVlan === undefined ? [] : [m.outputVlan])));
  const byName = new Map<string, At<PortFact>>();
  const byVlan = new Map<number, At<PortFact>>();
  for (const p of fabric.ports) {
    if (!byName.has(p.name)) byName.set(p.name, p);
    if (vlans.size === 0) continue;
    for (const v of [...(p.tag === undefined ? [] : [p.tag]), ...(p.trunks ?? [])]) if (vlans.has(v) && !byVlan.has(v)) byVlan.set(v, p);
  }
  return { byName, byVlan };
}

export const ovsMirOutput: CrossFileRule = {
  meta: {
    id: 'OVS-MIR-OUTPUT',
    title: 'Mirror output is not a dedicated, authorised sensor port',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['ovs-shell', 'interfaces', 'ovsdb'],
    risk: 'A mirror copies every selected frame to its output. When the output is a guest or uplink port, that guest (or whatever sits behind the uplink) can read all mirrored traffic, and OVS drops traffic that arrives on an output port, so the port stops working normally. An RSPAN VLAN that other ports also use leaks the copies to them. A destination that is not on the list of authorised sensors is an eavesdropping session.',
    remedy: 'Send mirrors to a port that exists only for the sensor (an internal port, or the sensor VM\'s tap), list it in `monitoring.authorizedSensors`, and keep an RSPAN output VLAN unused by any tag or trunk.',
    notes: 'Cross-file: port roles come from every file in scope (a port named like a guest NIC or with guest external_ids, or a bond, is not dedicated). A single physical NIC is accepted as a SPAN port to a sensor appliance unless `monitoring.authorizedSensors` is set and does not list it. The allow-list check runs only when `monitoring.authorizedSensors` is set. Also checks `tc … mirred … mirror dev X` hooks. Mirrors that are created but attached to no bridge are ignored.',
    references: [OVS_FAQ_SPAN, stig('VCSA-80-000300', 'V-258965')],
  },
  checkScope(fabric: Fabric, config: EffectiveConfig): CrossFileFindingDraft[] {
    const out: CrossFileFindingDraft[] = [];
    const ports = portLookup(fabric);
    for (const m of fabric.mirrors) {
      // vSphere sessions are judged by ANS-MIR-VSPAN-UNAUTH in their own file
      if (m.via !== 'ovs' && m.via !== 'tc') continue;
      if (m.switch === undefined && m.via !== 'tc') continue;
      const why = problem(m, ports, config);
      if (!why) continue;
      out.push({ path: m.path, start: m.start, end: m.end, locator: `${m.locator}#output`, message: `The ${label(m)} ${why}.` });
    }
    return out;
  },
};
