import type { FabricFacts } from '../../engine/fabric';
import { hasTemplate } from '../common/template';
import type { LibvirtXmlModel } from './model';
import { attr, child } from './scanner';

/** Forward modes that hand guests a host NIC (macvtap, SR-IOV): there is no virtual switch to mirror. */
const DIRECT_MODES = new Set(['hostdev', 'passthrough', 'private', 'vepa']);

/**
 * A network is a switch (linked to its host bridge when it names one); a domain's interfaces are
 * guest ports on a libvirt network (`type='network'`) or on a host bridge (`type='bridge'`).
 */
export function libvirtFabric(m: LibvirtXmlModel): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  // templated names (`{{ net.name }}`) are unknown: they link to nothing
  if (m.kind === 'network' && m.root && m.name && !hasTemplate(m.name) && !(m.forwardMode && DIRECT_MODES.has(m.forwardMode))) {
    const nameEl = child(m.root, 'name')!;
    facts.switches.push({
      kind: 'libvirt-network',
      namespace: 'libvirt',
      name: m.name,
      start: nameEl.textStart,
      end: nameEl.textEnd,
      bridge: m.bridgeName,
      ovs: m.virtualportType === 'openvswitch',
      isolated: attr(child(m.root, 'port'), 'isolated')?.value === 'yes' || undefined,
      forward: m.forwardMode,
      locator: `network:${m.name}`,
    });
  }
  if (m.kind === 'domain') {
    const guest = m.name ?? 'this domain';
    for (const i of m.interfaces) {
      const source = child(i.element, 'source');
      const on = i.type === 'network' ? attr(source, 'network') : i.type === 'bridge' ? attr(source, 'bridge') : undefined;
      if (!on || !on.value.trim() || on.templated) continue;
      facts.ports.push({
        start: on.valueStart,
        end: on.valueEnd,
        switch: on.value.trim(),
        namespace: i.type === 'network' ? 'libvirt' : 'netdev',
        name: i.targetDev ?? `${guest}/${i.locator}`,
        role: 'guest',
        guest,
        isolated: i.portIsolated || undefined,
        locator: i.locator,
      });
    }
  }
  return facts;
}
