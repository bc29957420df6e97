import type { FabricFacts } from '../../engine/fabric';
import { hasTemplate } from '../common/template';
import { parseProps, type KvDocument } from '../proxmox-common/kv';
import { containerName } from './container';

/**
 * The container's NICs as guest ports on their host bridges: `netN: name=eth0,bridge=vmbr0,…`.
 * Proxmox names the host side of a container NIC `veth<VMID>i<N>`; the VMID comes from the file name.
 */
export function pveLxcFabric(ct: KvDocument, path: string): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  const vmid = /(?:^|\/)(\d+)\.conf$/.exec(path)?.[1];
  const guest = containerName(ct, path);
  for (const e of ct.entries) {
    if (e.section !== undefined || !/^net\d+$/.test(e.lower)) continue;
    const props = parseProps(ct.index.text, e.valueStart, e.valueEnd);
    const bridge = props.find((p) => p.key === 'bridge');
    if (!bridge || !bridge.value.trim() || hasTemplate(bridge.value)) continue;
    const link = props.find((p) => p.key === 'link_down');
    if (link && link.value.trim() === '1') continue;
    const tag = props.find((p) => p.key === 'tag');
    const trunks = props.find((p) => p.key === 'trunks');
    const n = e.lower.slice(3);
    facts.ports.push({
      start: bridge.valueStart,
      end: bridge.valueEnd,
      switch: bridge.value.trim(),
      namespace: 'netdev',
      name: vmid ? `veth${vmid}i${n}` : e.lower,
      role: 'guest',
      guest,
      tag: tag && /^\d+$/.test(tag.value.trim()) ? Number(tag.value.trim()) : undefined,
      trunks: trunks ? trunks.value.split(';').map((x) => Number(x.trim())).filter((x) => Number.isInteger(x)) : undefined,
      locator: e.lower,
    });
  }
  return facts;
}
