import type { FabricFacts } from '../../engine/fabric';
import type { SnapshotModel } from './model';

/**
 * The switch fabric a snapshot shows: distributed switches with their port groups and VSPAN
 * sessions, each host's standard vSwitches and port groups (named `<host>/<name>`: every host has
 * its own `vSwitch0`), VMkernel adapters (the host's own ports) and VM NICs (guest ports). An uplink
 * port group, or one a VMkernel adapter uses, carries no VM traffic; every other distributed port
 * group is there for VMs. A disabled VSPAN session mirrors nothing and is left out.
 */
export function snapshotFabric(m: SnapshotModel): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  for (const d of m.switches) {
    facts.switches.push({ kind: 'vsphere-dvs', namespace: 'vsphere', name: d.name.value, start: d.name.start, end: d.name.end, locator: `dvs:${d.name.value}` });
    for (const s of d.vspan) {
      if (!s.enabled) continue;
      facts.mirrors.push({
        start: s.node.start,
        end: s.node.end,
        switch: d.name.value,
        namespace: 'vsphere',
        name: s.name,
        via: 'vspan',
        selectAll: false,
        selectPorts: s.sources,
        selectVlans: [],
        outputPort: s.destinations[0],
        destination: s.destinations.join(', ') || undefined,
        locator: `vspan:${d.name.value}/${s.name ?? ''}`,
      });
    }
  }
  for (const p of m.portgroups) {
    facts.switches.push({ kind: 'vsphere-portgroup', namespace: 'vsphere', name: p.name.value, parent: p.switch, start: p.name.start, end: p.name.end, locator: `portgroup:${p.name.value}`, guestFacing: p.uplink ? undefined : true });
  }
  for (const h of m.hosts) {
    const host = h.name?.value ?? 'host';
    for (const v of h.vswitches) {
      facts.switches.push({ kind: 'vsphere-vss', namespace: 'vsphere', name: `${host}/${v.name.value}`, start: v.name.start, end: v.name.end, locator: `vss:${v.name.value}` });
    }
    for (const pg of h.portgroups) {
      const parent = pg.vswitch ? `${host}/${pg.vswitch}` : undefined;
      const name = `${host}/${pg.name.value}`;
      facts.switches.push({ kind: 'vsphere-portgroup', namespace: 'vsphere', name, parent, start: pg.name.start, end: pg.name.end, locator: `portgroup:${pg.name.value}` });
      // a standard port group that accepts promiscuous mode is where a sensor sees the switch's traffic
      if (parent && pg.security.allowPromiscuous?.value === true) {
        facts.mirrors.push({ start: pg.name.start, end: pg.name.end, switch: parent, namespace: 'vsphere', name, via: 'promiscuous', selectAll: true, selectPorts: [], selectVlans: [], destination: name, locator: `sensor-portgroup:${pg.name.value}` });
      }
    }
    for (const k of h.vmkernel) {
      if (!k.portgroup) continue;
      facts.ports.push({ start: k.device.start, end: k.device.end, switch: k.distributed ? k.portgroup : `${host}/${k.portgroup}`, namespace: 'vsphere', name: `${host}/${k.device.value}`, role: 'internal', locator: `vmkernel:${k.device.value}` });
    }
  }
  for (const vm of m.vms) {
    const guest = vm.name?.value ?? 'VM';
    for (const nic of vm.nics) {
      if (!nic.network) continue;
      const sw = nic.switch !== undefined ? nic.network.value : `${vm.host ?? 'host'}/${nic.network.value}`;
      facts.ports.push({ start: nic.network.start, end: nic.network.end, switch: sw, namespace: 'vsphere', name: `${guest}/${nic.device.value}`, role: 'guest', guest, locator: `nic:${nic.device.value}` });
    }
  }
  return facts;
}
