import type { FabricFacts } from '../../engine/fabric';
import type { HvSnapshotModel } from './model';

/**
 * The switch fabric of a Hyper-V host's snapshot: its virtual switches (named `<host>/<switch>`, so
 * snapshots of several hosts in one scope keep their switches apart), the management OS adapters
 * (the host's own ports), VM adapters (guest ports) and each adapter's PortMirroring mode. A switch
 * the management OS shares carries no fix: the snapshot is not where the setting is changed.
 */
export function snapshotFabric(m: HvSnapshotModel): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  const host = m.host ?? 'host';
  const named = (sw: string) => `${host}/${sw}`;
  for (const s of m.switches) {
    const shared = s.allowManagementOS?.value === true;
    facts.switches.push({ kind: 'hyperv-switch', namespace: 'hyperv', name: named(s.name.value), start: s.name.start, end: s.name.end, hypervType: s.type, managementOS: shared ? { defaulted: false } : undefined, locator: `switch:${s.name.value}` });
  }
  for (const a of m.adapters) {
    if (!a.switch) continue;
    const port = `${a.vm}/${a.name}`;
    facts.ports.push({ switch: named(a.switch.value), namespace: 'hyperv', name: port, role: a.host ? 'internal' : 'guest', guest: a.host ? undefined : a.vm, start: a.switch.start, end: a.switch.end, locator: `nic:${port}` });
    const mode = a.mirroring?.value;
    if (mode !== 'source' && mode !== 'destination') continue;
    const dest = mode === 'destination';
    facts.mirrors.push({ switch: named(a.switch.value), namespace: 'hyperv', via: 'hyperv', name: dest ? 'Destination' : 'Source', selectAll: false, selectPorts: dest ? [] : [port], selectVlans: [], outputPort: dest ? port : undefined, destination: dest ? a.vm : undefined, start: a.mirroring!.start, end: a.mirroring!.end, locator: `nic:${port}#PortMirroring` });
  }
  return facts;
}
