import { roleOfDevice, type At, type Fabric, type PortFact } from '../../engine/fabric';
import type { CrossFileFindingDraft, CrossFileRule } from '../../engine/types';
import { nameList } from './missing';
import { NIST_125B, OVS_FAQ_SPAN } from './refs';

export const ovsMirScope: CrossFileRule = {
  meta: {
    id: 'OVS-MIR-SCOPE',
    title: 'Mirror selects only the uplink',
    family: 'mirror-port',
    severity: 'low',
    fixSafety: 'none',
    formats: ['ovs-shell', 'interfaces', 'ovsdb'],
    risk: 'A mirror that selects only the uplink or bond sees traffic entering and leaving the host, but frames between two guests on the same bridge never cross the uplink. Monitoring looks complete while lateral movement between local VMs goes unseen.',
    remedy: 'Select all traffic (`select-all=true`), or add the guest ports to `select-src-port`/`select-dst-port`, or select the guest VLANs with `select-vlan`.',
    notes: 'Reports a mirror with neither select-all nor select-vlan whose selected ports are all uplinks (bonds, physical NICs, ports declared as bonds), on a bridge with guest ports in scope.',
    references: [OVS_FAQ_SPAN, NIST_125B],
  },
  checkScope(fabric: Fabric): CrossFileFindingDraft[] {
    const out: CrossFileFindingDraft[] = [];
    for (const sw of fabric.switches) {
      if (sw.def.kind !== 'ovs-bridge') continue;
      const guests = sw.ports.filter((p) => p.role === 'guest');
      if (guests.length === 0) continue;
      let byName: Map<string, At<PortFact>> | undefined;
      for (const m of sw.mirrors) {
        if (m.via !== 'ovs' || m.selectAll || m.selectVlans.length > 0 || m.selectPorts.length === 0) continue;
        // the first port of each name, looked up (searching the bridge's ports per selected port is quadratic)
        byName ??= new Map([...sw.ports].reverse().map((p) => [p.name, p]));
        const roles = m.selectPorts.map((n) => byName!.get(n)?.role ?? roleOfDevice(n));
        if (!roles.every((r) => r === 'uplink')) continue;
        const names = [...new Set(guests.map((g) => g.guest ?? g.name))];
        out.push({
          path: m.path,
          start: m.start,
          end: m.end,
          locator: `${m.locator}#scope`,
          message: `Mirror ${m.name ?? '(unnamed)'} on ${sw.def.name} selects only ${nameList([...new Set(m.selectPorts)])}: traffic between ${nameList(names)} on this bridge never crosses the uplink and is not mirrored.`,
        });
      }
    }
    return out;
  },
};
