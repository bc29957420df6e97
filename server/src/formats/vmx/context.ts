import type { ContextFacts, Evidence } from '../../engine/context';
import type { VmxSetting, VmxTarget } from './settings';

/**
 * Where a VM runs, from its settings, strongest sign first. ESXi: paths on VMFS. Hosted
 * (Workstation, Fusion, Player, GSX): host virtual networks (`ethernetN.vnet`, `connectionType`
 * NAT or host-only), `gui.*`, shared folders. ESXi again: port-group NICs
 * (`ethernetN.networkName`; hosted products write it too, next to a `vnet`). Hosted again:
 * `virtualHW.productCompatibility = "hosted"`, which ESXi files carry as well, so it counts only
 * when nothing points at ESXi. Lab: nested virtualization, whatever the product.
 */
export function vmxEvidence(settings: Iterable<VmxSetting>): Evidence[] {
  const tiers: Evidence[][] = [[], [], [], []];
  const lab: Evidence[] = [];
  const seen = new Set<string>();
  // a few pieces name the evidence; a 20 MB file of port-group NICs needs no more
  const add = (list: Evidence[], kind: Evidence['kind'], text: string) => {
    if (list.length < 5 && !seen.has(text)) {
      seen.add(text);
      list.push({ kind, text, scope: 'file' });
    }
  };
  for (const e of settings) {
    const v = e.value.trim().toLowerCase();
    if (v.includes('/vmfs/volumes/')) add(tiers[0]!, 'server', `${e.key} on /vmfs/volumes`);
    else if (/^ethernet\d+\.vnet$/.test(e.lower)) add(tiers[1]!, 'desktop', `${e.key} (a host virtual network)`);
    else if (/^ethernet\d+\.connectiontype$/.test(e.lower) && (v === 'nat' || v === 'hostonly')) add(tiers[1]!, 'desktop', `${e.key} = "${e.value.trim()}"`);
    else if (e.lower.startsWith('gui.')) add(tiers[1]!, 'desktop', 'gui.* settings');
    else if (e.lower.startsWith('sharedfolder')) add(tiers[1]!, 'desktop', 'shared folders');
    else if (/^ethernet\d+\.networkname$/.test(e.lower)) add(tiers[2]!, 'server', `${e.key} (a port group)`);
    else if (e.lower === 'virtualhw.productcompatibility' && v === 'hosted') add(tiers[3]!, 'desktop', 'virtualHW.productCompatibility = "hosted"');
    else if (e.lower === 'vhv.enable' && v === 'true') add(lab, 'lab', 'nested virtualization (vhv.enable)');
    else if (e.lower === 'guestos' && v.startsWith('vmkernel')) add(lab, 'lab', `nested ESXi (guestOS = "${e.value.trim()}")`);
  }
  return [...(tiers.find((t) => t.length > 0) ?? []), ...lab];
}

export function vmxTarget(evidence: Evidence[]): VmxTarget {
  if (evidence.some((e) => e.kind === 'server')) return 'esxi';
  return evidence.some((e) => e.kind === 'desktop') ? 'hosted' : 'unknown';
}

export function vmxContext(evidence: Evidence[]): ContextFacts {
  return { product: 'VMware', evidence };
}
