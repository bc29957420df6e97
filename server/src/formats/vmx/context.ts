import type { ContextFacts, Evidence } from '../../engine/context';
import type { VmxSetting, VmxTarget } from './settings';

/**
 * Where a VM runs, from its settings. ESXi: paths on VMFS, port-group NICs (`ethernetN.networkName`).
 * Hosted (Workstation, Fusion, Player): `virtualHW.productCompatibility = "hosted"`, NAT or
 * host-only NICs, `vnet` NICs, `gui.*` and shared folders — only when nothing points at ESXi,
 * since ESXi files can carry `productCompatibility = "hosted"` too. Lab: nested virtualization.
 */
export function vmxEvidence(settings: Iterable<VmxSetting>): Evidence[] {
  const esxi: Evidence[] = [];
  const hosted: Evidence[] = [];
  const lab: Evidence[] = [];
  const add = (list: Evidence[], kind: Evidence['kind'], text: string) => {
    if (!list.some((e) => e.text === text)) list.push({ kind, text, scope: 'file' });
  };
  for (const e of settings) {
    const v = e.value.trim().toLowerCase();
    if (v.includes('/vmfs/volumes/')) add(esxi, 'server', `${e.key} on /vmfs/volumes`);
    else if (/^ethernet\d+\.networkname$/.test(e.lower)) add(esxi, 'server', `${e.key} (a port group)`);
    else if (e.lower === 'virtualhw.productcompatibility' && v === 'hosted') add(hosted, 'desktop', 'virtualHW.productCompatibility = "hosted"');
    else if (/^ethernet\d+\.connectiontype$/.test(e.lower) && (v === 'nat' || v === 'hostonly')) add(hosted, 'desktop', `${e.key} = "${e.value.trim()}"`);
    else if (/^ethernet\d+\.vnet$/.test(e.lower)) add(hosted, 'desktop', `${e.key} (a host virtual network)`);
    else if (e.lower.startsWith('gui.')) add(hosted, 'desktop', 'gui.* settings');
    else if (e.lower.startsWith('sharedfolder')) add(hosted, 'desktop', 'shared folders');
    else if (e.lower === 'vhv.enable' && v === 'true') add(lab, 'lab', 'nested virtualization (vhv.enable)');
    else if (e.lower === 'guestos' && v.startsWith('vmkernel')) add(lab, 'lab', `nested ESXi (guestOS = "${e.value.trim()}")`);
  }
  return [...(esxi.length ? esxi : hosted), ...lab];
}

export function vmxTarget(evidence: Evidence[]): VmxTarget {
  if (evidence.some((e) => e.kind === 'server')) return 'esxi';
  return evidence.some((e) => e.kind === 'desktop') ? 'hosted' : 'unknown';
}

export function vmxContext(evidence: Evidence[]): ContextFacts {
  return { product: 'VMware', evidence };
}
