import type { FindingObject } from './types';
/**
 * The switch fabric of one scope (a host tree or a workspace folder), built from facts that
 * each file contributes: switches, the ports on them (guest NICs, uplinks, sensor ports) and
 * mirror sessions. Facts carry offsets into their own file and no file text, so a scan of many
 * files keeps only small records in memory.
 */

/** Names live in namespaces: host network devices (bridges, taps), libvirt networks, vSphere objects. */
export type Namespace = 'netdev' | 'libvirt' | 'vsphere' | 'hyperv';

export type SwitchKind = 'ovs-bridge' | 'linux-bridge' | 'libvirt-network' | 'vsphere-vss' | 'vsphere-dvs' | 'vsphere-portgroup' | 'hyperv-switch';

export type PortRole = 'guest' | 'uplink' | 'internal' | 'other';

export interface Span {
  start: number;
  end: number;
}

/** Where and how a mirror snippet goes into the file that defines a switch. */
export interface SnippetSite {
  /** offset at which the snippet lines are inserted, each preceded by `eol` */
  at: number;
  indent: string;
  eol: string;
  /** syntax of the snippet to write */
  style: 'shell' | 'ifupdown-ovs' | 'ifupdown-linux' | 'netplan' | 'ansible' | 'powershell' | 'powershell-dsc' | 'terraform';
}

export interface SwitchFact extends Span {
  kind: SwitchKind;
  namespace: Namespace;
  name: string;
  /** port group: the switch it belongs to (same namespace) */
  parent?: string;
  /** a libvirt network on a host bridge: that bridge (netdev namespace) */
  bridge?: string;
  /** a libvirt network connected to Open vSwitch (`<virtualport type='openvswitch'/>`) */
  ovs?: boolean;
  /** guests on this switch cannot reach each other (libvirt `<port isolated='yes'/>`) */
  isolated?: boolean;
  /**
   * a distributed port group meant for VMs (not an uplink or VMkernel group): its switch carries
   * guest traffic even when the VMs are defined elsewhere
   */
  guestFacing?: boolean;
  /** a libvirt network's `<forward mode>` ('nat' when `<forward>` has none) */
  forward?: string;
  /** a Hyper-V switch's type: external, internal or private */
  hypervType?: string;
  /** a Hyper-V switch the management OS shares (AllowManagementOS, or New-VMSwitch's default), and the edit that stops it */
  managementOS?: { defaulted: boolean; fix?: { start: number; end: number; newText: string } };
  locator: string;
  snippet?: SnippetSite;
}

export interface PortFact extends Span {
  /** switch (or port group) the port is on */
  switch: string;
  namespace: Namespace;
  /** port or NIC name; for VM NICs the device name (`ethernet0`, `net0`) */
  name: string;
  role: PortRole;
  /** guest the port belongs to, for messages ("VM 101", "web01") */
  guest?: string;
  tag?: number;
  trunks?: number[];
  /** a bond (several NICs aggregated): certainly production traffic */
  bond?: boolean;
  /** the port cannot reach other isolated ports of its switch (libvirt `<port isolated='yes'/>`) */
  isolated?: boolean;
  locator: string;
}

export interface MirrorFact extends Span {
  /** switch the session is attached to; undefined when it is created but never attached */
  switch?: string;
  namespace: Namespace;
  name?: string;
  /** `promiscuous`: a standard-vSwitch port group where a sensor sees all traffic (no mirroring feature there); `hyperv`: one adapter's PortMirroring (Source: selectPorts, Destination: outputPort) */
  via: 'ovs' | 'tc' | 'vspan' | 'promiscuous' | 'hyperv';
  selectAll: boolean;
  /** ports whose traffic is selected (source or destination), by name */
  selectPorts: string[];
  selectVlans: number[];
  outputPort?: string;
  outputVlan?: number;
  /** destination as written, for messages and the sensor allow-list */
  destination?: string;
  /** a temporary or debugging session (ovs-tcpdump) */
  adhoc?: boolean;
  locator: string;
}

export interface FabricFacts {
  switches: SwitchFact[];
  ports: PortFact[];
  mirrors: MirrorFact[];
}

/** A span made absolute: file, offsets and 0-based positions. */
export interface Located {
  path: string;
  start: number;
  end: number;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** the live-system object the span belongs to (Format.objectAt), given to cross-file findings on it */
  object?: FindingObject;
}

export type At<T> = Omit<T, 'start' | 'end'> & Located;

/** One switch with everything the scope says about it. */
export interface FabricSwitch {
  def: At<SwitchFact>;
  /** every definition of the same switch in scope (a bridge may be created by a script and in conf.db) */
  defs: At<SwitchFact>[];
  ports: At<PortFact>[];
  mirrors: At<MirrorFact>[];
}

export interface Fabric {
  scope: string;
  switches: FabricSwitch[];
  /** every port in scope, attached or not */
  ports: At<PortFact>[];
  mirrors: At<MirrorFact>[];
}

export function key(namespace: Namespace, name: string): string {
  return `${namespace}:${name}`;
}

/**
 * Link the facts of one scope. Port groups pass their ports and mirrors up to their switch;
 * a libvirt network on a host bridge shares that bridge's ports and mirrors.
 */
export function linkFabric(scope: string, switches: At<SwitchFact>[], ports: At<PortFact>[], mirrors: At<MirrorFact>[]): Fabric {
  const byKey = new Map<string, FabricSwitch>();
  for (const s of switches) {
    const k = key(s.namespace, s.name);
    const existing = byKey.get(k);
    if (existing) existing.defs.push(s);
    else byKey.set(k, { def: s, defs: [s], ports: [], mirrors: [] });
  }
  /** the switches whose traffic includes the traffic of `k`, following port groups and libvirt networks (worked out once per switch) */
  const rootsOf = new Map<string, FabricSwitch[]>();
  const roots = (k: string): FabricSwitch[] => {
    const known = rootsOf.get(k);
    if (known) return known;
    const out: FabricSwitch[] = [];
    const seen = new Set<string>();
    let cur: string | undefined = k;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      const sw = byKey.get(cur);
      if (!sw) break;
      out.push(sw);
      const d = sw.def;
      cur = d.parent ? key(d.namespace, d.parent) : d.bridge ? key('netdev', d.bridge) : undefined;
    }
    rootsOf.set(k, out);
    return out;
  };
  for (const p of ports) {
    const target = roots(key(p.namespace, p.switch));
    for (const sw of target) sw.ports.push(p);
  }
  // Who a mirror on switch X also covers, looked up instead of tried against every switch: the
  // switches with X among their roots, and (netdev mirrors) those whose roots include a libvirt
  // network on bridge X. Likewise the first switch with a netdev port of a given name, and the
  // switches on a bridge, for tc hooks.
  const targets = new Set<string>();
  for (const m of mirrors) if (m.switch !== undefined) targets.add(key(m.namespace, m.switch)).add(m.switch);
  const coveredBy = new Map<string, Set<FabricSwitch>>();
  const onBridge = new Map<string, Set<FabricSwitch>>();
  const add = (m: Map<string, Set<FabricSwitch>>, k: string, sw: FabricSwitch) => {
    if (!targets.has(k)) return; // only what some mirror asks about
    let set = m.get(k);
    if (!set) m.set(k, (set = new Set()));
    set.add(sw);
  };
  const firstWithPort = new Map<string, FabricSwitch>();
  const hooks = mirrors.some((m) => m.switch === undefined && m.via === 'tc');
  for (const sw of mirrors.length ? byKey.values() : []) {
    if (targets.size > 0) {
      for (const r of roots(key(sw.def.namespace, sw.def.name))) {
        add(coveredBy, key(r.def.namespace, r.def.name), sw);
        if (r.def.bridge !== undefined) add(onBridge, r.def.bridge, sw);
      }
    }
    if (hooks) for (const p of sw.ports) if (p.namespace === 'netdev' && !firstWithPort.has(p.name)) firstWithPort.set(p.name, sw);
  }
  const bridgeUsers = new Map<string, FabricSwitch[]>();
  for (const sw of hooks ? byKey.values() : []) {
    if (sw.def.bridge === undefined) continue;
    let list = bridgeUsers.get(sw.def.bridge);
    if (!list) bridgeUsers.set(sw.def.bridge, (list = []));
    list.push(sw);
  }
  for (const m of mirrors) {
    if (m.switch === undefined && m.via === 'tc') {
      // a tc hook on a device mirrors the switch of that name, or the switch the device is a port of
      const dev = m.selectPorts[0];
      const on = dev === undefined ? undefined : byKey.get(key('netdev', dev)) ?? firstWithPort.get(dev);
      if (on) on.mirrors.push(m);
      // a hook on the bridge of a libvirt network that no file in scope defines
      else if (dev !== undefined) for (const sw of bridgeUsers.get(dev) ?? []) sw.mirrors.push(m);
      continue;
    }
    if (m.switch === undefined) continue;
    const direct = byKey.get(key(m.namespace, m.switch));
    if (direct) direct.mirrors.push(m);
    // a mirror on a switch covers its port groups and the libvirt networks on it (defined in scope or not)
    const covered = new Set<FabricSwitch>(coveredBy.get(key(m.namespace, m.switch)));
    if (m.namespace === 'netdev') for (const sw of onBridge.get(m.switch) ?? []) covered.add(sw);
    if (direct) covered.delete(direct);
    for (const sw of covered) sw.mirrors.push(m);
  }
  return { scope, switches: [...byKey.values()], ports, mirrors };
}

/** Display names of the guests on a switch, deduplicated, in order of appearance. */
export function guestsOf(sw: FabricSwitch): string[] {
  const out = new Set<string>();
  for (const p of sw.ports) if (p.role === 'guest') out.add(p.guest ?? p.name);
  return [...out];
}

/**
 * The scope a file belongs to, in this order: the folder of a `scopes:` entry of its
 * `.vharden.yaml` (`explicit`); a host tree (a path with an `/etc/` folder, or ESXi's
 * `/vmfs/volumes/`: the tree above it); the git repository holding it (`repo`, found inside the
 * workspace folder or scan root by the caller); else the root it was found under (workspace folder
 * or scan root), a loose scope that `looseScopes` splits by folder: its key also names the file's
 * folder (`root:<root>\n<folder>`), since the paths a scan reports may be relative.
 */
export function scopeOf(path: string, root = '', hints: { explicit?: string; repo?: string } = {}): string {
  if (hints.explicit !== undefined) return `scope:${slashes(hints.explicit)}`;
  const p = slashes(path);
  const vmfs = p.indexOf('/vmfs/volumes/');
  const etc = p.indexOf('/etc/');
  const i = etc >= 0 && (vmfs < 0 || etc < vmfs) ? etc : vmfs;
  if (i >= 0) return `host:${p.slice(0, i) || '/'}`;
  if (hints.repo !== undefined) return `repo:${slashes(hints.repo)}`;
  return `root:${slashes(root)}\n${folderOf(p)}`;
}

/**
 * Split loose scopes (files outside any host tree, repository or declared scope): two files link
 * only when the folder of one holds the other. Each file joins the shallowest folder, between the
 * root and its own folder, that holds a file of the same loose scope; files in sibling folders
 * (two unrelated projects side by side) never meet. Returns the scope key of each file, in order.
 */
export function looseScopes(files: { scope: string }[]): string[] {
  const loose = (scope: string): { root: string; folder: string } | undefined => {
    const nl = scope.indexOf('\n');
    return scope.startsWith('root:') && nl > 0 ? { root: scope.slice(5, nl), folder: scope.slice(nl + 1) } : undefined;
  };
  const folders = new Map<string, Set<string>>();
  for (const f of files) {
    const l = loose(f.scope);
    if (!l) continue;
    let set = folders.get(l.root);
    if (!set) folders.set(l.root, (set = new Set()));
    set.add(l.folder);
  }
  return files.map((f) => {
    const l = loose(f.scope);
    if (!l) return f.scope;
    const set = folders.get(l.root)!;
    const root = l.root;
    let best = l.folder;
    for (let d = best; within(d, root); d = folderOf(d)) {
      if (set.has(d)) best = d;
      if (d === root || folderOf(d) === d) break;
    }
    return `dir:${best}`;
  });
}

function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

function folderOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i);
}

function within(folder: string, root: string): boolean {
  return root === '' || folder === root || folder.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * Interface names that Proxmox, libvirt, Xen, OpenStack and others give guest NICs on the host
 * side. A plain `tap0` is not one of them: OpenVPN and other VPNs create those too.
 */
export function guestOfDevice(name: string): string | undefined {
  let m = /^(?:tap|veth|fwpr|fwln)(\d+)[ip](\d+)$/.exec(name);
  if (m) return `VM ${m[1]}`;
  m = /^vif(\d+)\.(\d+)$/.exec(name);
  if (m) return `domain ${m[1]}`;
  if (/^(vnet|macvtap|vhost-user|vhu)[-_]?[0-9a-f]/i.test(name) || /^tap[0-9a-f]{8}-[0-9a-f]{2}$/i.test(name)) return name;
  return undefined;
}

/** A TAP device named by hand (`tap0`): a guest's port only when its file says QEMU uses it. */
export function isPlainTap(name: string): boolean {
  return /^tap\d+$/.test(name);
}

/**
 * The file shows that its plain taps are QEMU guests' NICs: a QEMU ifup/ifdown script (by name),
 * or QEMU started with a tap netdev. A file that runs OpenVPN never does.
 */
export function tapsAreGuests(text: string, path = ''): boolean {
  const head = text.slice(0, 256 * 1024);
  if (/\bopenvpn\b/i.test(head)) return false;
  if (/(^|\/)qemu-if(up|down)[^/]*$/.test(path)) return true;
  return /\bqemu(-system-[\w-]+|-kvm)\b/.test(head) && /(-netdev|-net)\s+tap\b|\bifname=/.test(head);
}

/** Interface names that usually are physical NICs or bonds (uplinks). */
export function isUplinkName(name: string): boolean {
  return /^(eth|en[opsx]|eno|ens|enp|em|p\d+p|bond|team|wlan|ib|dpdk)/i.test(name);
}

/** Role of a netdev port from its name (and, for plain taps, what its file says about them). */
export function roleOfDevice(name: string, plainTapsAreGuests = false): PortRole {
  if (guestOfDevice(name) || (plainTapsAreGuests && isPlainTap(name))) return 'guest';
  if (isUplinkName(name)) return 'uplink';
  return 'other';
}
