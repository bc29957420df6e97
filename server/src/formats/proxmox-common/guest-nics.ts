import { applianceIn } from '../../engine/context';
import type { Fix } from '../../engine/types';
import { liveEntry, parseProps, type KvDocument } from './kv';

/**
 * Carrier kind: the NICs of one Proxmox guest (a VM or a container) with their per-NIC firewall flag,
 * written as a `qemu-server` or `lxc` config (later: Terraform resources of the Proxmox providers).
 */
export const PVE_GUEST_NICS = 'pve-guest-nics';

export interface PveNic {
  /** the NIC's key as written: `net0` */
  name: string;
  locator: string;
  /** the NIC's whole definition, where a finding is reported */
  start: number;
  end: number;
  bridge: string;
  /** the firewall flag as written; undefined when absent */
  firewall?: string;
  /** true when the flag turns the guest firewall on for this NIC */
  firewallOn: boolean;
  /** the edit that turns it on, in the carrier's own syntax */
  enable: Fix;
}

export interface PveGuestNics {
  guest: 'VM' | 'container';
  /** "OPNsense (hostname opnsense)" when the guest is a router or firewall appliance */
  appliance?: string;
  nics: PveNic[];
}

/** Perl truthiness, as Proxmox reads 0/1 flags: '' and '0' are false. */
function on(value: string | undefined): boolean {
  const v = value?.trim();
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * "OPNsense (name opnsense01)", when the guest's name keys (`name` for VMs, `hostname` for
 * containers), tags or description say it is a router or firewall appliance.
 */
export function guestAppliance(doc: KvDocument, keys: string[]): string | undefined {
  for (const key of keys) {
    const v = liveEntry(doc, key)?.value ?? '';
    const m = applianceIn(v);
    if (m) return `${m} (${key} ${v.trim().slice(0, 40)})`;
  }
  // the `#` lines at the top of the file are the guest's description (notes) in the web UI
  const firstKey = doc.entries[0]?.keyStart ?? doc.index.text.length;
  for (const c of doc.comments) {
    if (c.start > firstKey) break;
    const m = applianceIn(c.text);
    if (m) return `${m} (description)`;
  }
  return undefined;
}

/** The bridged NICs of a VM or container config's live section (`netN: …,bridge=vmbr0[,firewall=1]`). */
export function kvGuestNics(doc: KvDocument, guest: PveGuestNics['guest'], nameKey: string): PveGuestNics {
  const nics: PveNic[] = [];
  for (const e of doc.entries) {
    if (e.section !== undefined || !/^net\d+$/.test(e.lower)) continue;
    const props = parseProps(doc.index.text, e.valueStart, e.valueEnd);
    const bridge = props.find((p) => p.key === 'bridge');
    if (!bridge) continue;
    const fw = props.find((p) => p.key === 'firewall');
    nics.push({
      name: e.key,
      locator: e.lower,
      start: e.keyStart,
      end: e.valueEnd,
      bridge: bridge.value,
      firewall: fw?.value,
      firewallOn: on(fw?.value),
      enable: fw
        ? { title: `Set firewall=1 on ${e.key}`, safety: 'safe', edits: [{ start: fw.valueStart, end: fw.valueEnd, newText: '1' }] }
        : { title: `Append ,firewall=1 to ${e.key}`, safety: 'safe', edits: [{ start: e.valueEnd, end: e.valueEnd, newText: ',firewall=1' }] },
    });
  }
  return { guest, appliance: guestAppliance(doc, [nameKey, 'tags', 'description']), nics };
}
