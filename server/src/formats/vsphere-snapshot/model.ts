import type { FindingObject, ToolDiagnostic } from '../../engine/types';
import { bool, items, member, num, str, type JsonNode } from './json';

/**
 * The vSphere snapshot (`vharden collect vsphere`, schemas/vsphere-snapshot.schema.json) as typed
 * records that keep the JSON node of every value, so findings point at the object they are about.
 */

export const SNAPSHOT_FORMAT = 'vharden-vsphere-snapshot';
export const SNAPSHOT_VERSION = 1;

/** A string, number or boolean of the snapshot with its range. */
export interface Val<T> {
  value: T;
  start: number;
  end: number;
}

export interface Product {
  fullName?: Val<string>;
  version?: Val<string>;
  build?: Val<string>;
  node: JsonNode;
}

export interface Source {
  server?: Val<string>;
  /** `VirtualCenter` or `HostAgent` (a standalone ESXi host) */
  apiType?: Val<string>;
  about?: Product;
  /** false: collected with --insecure */
  tlsVerified?: Val<boolean>;
  notCollected: Val<string>[];
}

export interface Setting {
  key: string;
  /** the value as text; undefined when the snapshot holds only that it is set (`redacted`) */
  value?: string;
  redacted: boolean;
  node: JsonNode;
  valueNode?: JsonNode;
  /** `extraConfig` or `deviceSettings` */
  from: string;
}

export interface Nic {
  device: Val<string>;
  /** standard port group name, or distributed port group name */
  network?: Val<string>;
  /** the distributed switch of a distributed port group */
  switch?: string;
}

export interface Vm {
  node: JsonNode;
  name?: Val<string>;
  path?: string;
  /** inventory name of the host it runs on */
  host?: string;
  hardwareVersion?: Val<string>;
  /** config.guestId: a vSphere guest id (`windows9Server64Guest`) */
  guestId?: Val<string>;
  /** runtime.powerState: `poweredOn`, `poweredOff`, `suspended` */
  powerState?: Val<string>;
  /** guest.toolsVersionStatus2 and guest.toolsRunningStatus */
  toolsVersion?: Val<string>;
  toolsRunning?: Val<string>;
  settings: Setting[];
  nics: Nic[];
}

export interface FirewallRulesetRec {
  key: Val<string>;
  enabled?: Val<boolean>;
  allIp?: Val<boolean>;
}

export interface ServiceRec {
  key: Val<string>;
  running?: Val<boolean>;
  policy?: Val<string>;
}

export interface SecurityPolicy {
  allowPromiscuous?: Val<boolean>;
  macChanges?: Val<boolean>;
  forgedTransmits?: Val<boolean>;
}

export interface VSwitchRec {
  name: Val<string>;
}

export interface HostPortgroupRec {
  name: Val<string>;
  vswitch?: string;
  vlanId?: Val<number>;
  security: SecurityPolicy;
}

export interface VmkernelRec {
  device: Val<string>;
  /** standard port group, or distributed port group name */
  portgroup?: string;
  distributed: boolean;
}

export interface Host {
  node: JsonNode;
  name?: Val<string>;
  path?: string;
  product?: Product;
  options: { key: Val<string>; value: Val<string>; node: JsonNode }[];
  services: ServiceRec[];
  firewall: FirewallRulesetRec[];
  vswitches: VSwitchRec[];
  portgroups: HostPortgroupRec[];
  vmkernel: VmkernelRec[];
}

export interface VspanRec {
  node: JsonNode;
  name?: string;
  enabled: boolean;
  sources: string[];
  destinations: string[];
}

export interface Dvs {
  node: JsonNode;
  name: Val<string>;
  path?: string;
  vspan: VspanRec[];
}

export interface Dvpg {
  node: JsonNode;
  name: Val<string>;
  path?: string;
  switch?: string;
  uplink: boolean;
}

export interface Role {
  node: JsonNode;
  name: Val<string>;
  id?: number;
  system: boolean;
  privileges: Val<string>[];
}

export interface Permission {
  node: JsonNode;
  role: Val<string>;
  principal: string;
  group: boolean;
  entity?: string;
  entityType?: string;
  propagate: boolean;
}

export interface SnapshotModel {
  source: Source;
  hosts: Host[];
  vms: Vm[];
  switches: Dvs[];
  portgroups: Dvpg[];
  roles: Role[];
  permissions: Permission[];
  /** objects by range, outermost first, for Format.objectAt */
  objects: (FindingObject & { start: number; end: number })[];
}

/** Reads the typed records; a value of the wrong type is a VH-PARSE-ERROR and is left out. */
export function readSnapshot(root: JsonNode | undefined, diagnostics: ToolDiagnostic[]): SnapshotModel {
  const model: SnapshotModel = { source: { notCollected: [] }, hosts: [], vms: [], switches: [], portgroups: [], roles: [], permissions: [], objects: [] };
  const wrong = (node: JsonNode, what: string) => {
    if (diagnostics.length < 100) diagnostics.push({ code: 'VH-PARSE-ERROR', start: node.start, end: node.end, severity: 'low', message: `Expected ${what} here; this value is not read.`, locator: `snapshot:${node.start}` });
  };
  const s = (parent: JsonNode | undefined, key: string): Val<string> | undefined => {
    const n = member(parent, key);
    if (!n || n.kind === 'null') return undefined;
    const v = str(n);
    if (v === undefined) return wrong(n, `a string for "${key}"`), undefined;
    return { value: v, start: n.start, end: n.end };
  };
  const b = (parent: JsonNode | undefined, key: string): Val<boolean> | undefined => {
    const n = member(parent, key);
    if (!n || n.kind === 'null') return undefined;
    const v = bool(n);
    if (v === undefined) return wrong(n, `true or false for "${key}"`), undefined;
    return { value: v, start: n.start, end: n.end };
  };
  const list = (parent: JsonNode | undefined, key: string): JsonNode[] => {
    const n = member(parent, key);
    if (!n || n.kind === 'null') return [];
    if (n.kind !== 'array') return wrong(n, `a list for "${key}"`), [];
    return n.items.filter((x) => (x.kind === 'object' ? true : (wrong(x, `an object in "${key}"`), false)));
  };
  const strings = (parent: JsonNode | undefined, key: string): Val<string>[] => {
    const out: Val<string>[] = [];
    const n = member(parent, key);
    if (!n || n.kind === 'null') return out;
    if (n.kind !== 'array') return wrong(n, `a list of strings for "${key}"`), out;
    for (const x of n.items) {
      const v = str(x);
      if (v === undefined) wrong(x, `a string in "${key}"`);
      else out.push({ value: v, start: x.start, end: x.end });
    }
    return out;
  };
  const product = (n: JsonNode | undefined): Product | undefined => (n?.kind === 'object' ? { node: n, fullName: s(n, 'fullName'), version: s(n, 'version'), build: s(n, 'build') } : undefined);
  const object = (node: JsonNode, kind: string, name: string | undefined, path: string | undefined) => {
    if (name || path) model.objects.push({ start: node.start, end: node.end, kind, name: name ?? path!, path: path ?? name! });
  };

  const src = member(root, 'source');
  model.source = {
    server: s(src, 'server'),
    apiType: s(src, 'apiType'),
    about: product(member(src, 'about')),
    tlsVerified: b(member(src, 'tls'), 'verified'),
    notCollected: strings(src, 'notCollected'),
  };

  for (const h of list(root, 'hosts')) {
    const name = s(h, 'name');
    const path = s(h, 'path')?.value;
    const host: Host = {
      node: h,
      name,
      path,
      product: product(member(h, 'product')),
      options: [],
      services: [],
      firewall: [],
      vswitches: [],
      portgroups: [],
      vmkernel: [],
    };
    for (const o of list(h, 'advancedOptions')) {
      const key = s(o, 'key');
      const v = member(o, 'value');
      const text = str(v) ?? (v?.kind === 'boolean' ? String(v.value) : undefined);
      if (key && v && text !== undefined) host.options.push({ key, value: { value: text, start: v.start, end: v.end }, node: o });
    }
    for (const x of list(h, 'services')) {
      const key = s(x, 'key');
      if (key) host.services.push({ key, running: b(x, 'running'), policy: s(x, 'policy') });
    }
    for (const x of list(h, 'firewall')) {
      const key = s(x, 'key');
      if (key) host.firewall.push({ key, enabled: b(x, 'enabled'), allIp: b(member(x, 'allowedHosts'), 'allIp') });
    }
    for (const x of list(h, 'vswitches')) {
      const n = s(x, 'name');
      if (n) host.vswitches.push({ name: n });
    }
    for (const x of list(h, 'portgroups')) {
      const n = s(x, 'name');
      const vlan = member(x, 'vlanId');
      const sec = member(x, 'securityPolicy');
      if (n) {
        host.portgroups.push({
          name: n,
          vswitch: s(x, 'vswitch')?.value,
          vlanId: num(vlan) !== undefined ? { value: num(vlan)!, start: vlan!.start, end: vlan!.end } : undefined,
          security: { allowPromiscuous: b(sec, 'allowPromiscuous'), macChanges: b(sec, 'macChanges'), forgedTransmits: b(sec, 'forgedTransmits') },
        });
      }
    }
    for (const x of list(h, 'vmkernel')) {
      const device = s(x, 'device');
      const pg = s(x, 'portgroup')?.value;
      if (device) host.vmkernel.push({ device, portgroup: pg, distributed: b(x, 'distributed')?.value === true });
    }
    model.hosts.push(host);
    object(h, 'host', name?.value, path);
  }

  for (const v of list(root, 'vms')) {
    const name = s(v, 'name');
    const path = s(v, 'path')?.value;
    const vm: Vm = { node: v, name, path, host: s(v, 'host')?.value, hardwareVersion: s(v, 'hardwareVersion'), guestId: s(v, 'guestId'), powerState: s(v, 'powerState'), toolsVersion: s(member(v, 'tools'), 'versionStatus'), toolsRunning: s(member(v, 'tools'), 'runningStatus'), settings: [], nics: [] };
    for (const from of ['extraConfig', 'deviceSettings']) {
      for (const e of list(v, from)) {
        const key = s(e, 'key');
        if (!key) continue;
        const redacted = b(e, 'redacted')?.value === true;
        const valueNode = member(e, 'value');
        const value = valueNode ? (str(valueNode) ?? (valueNode.kind === 'boolean' ? String(valueNode.value) : undefined)) : undefined;
        if (!redacted && value === undefined) continue;
        vm.settings.push({ key: key.value, value: redacted ? undefined : value, redacted, node: e, valueNode: redacted ? undefined : valueNode, from });
      }
    }
    for (const n of list(v, 'nics')) {
      const device = s(n, 'device');
      if (device) vm.nics.push({ device, network: s(n, 'network'), switch: s(n, 'switch')?.value });
    }
    model.vms.push(vm);
    object(v, 'vm', name?.value, path);
  }

  for (const d of list(root, 'switches')) {
    const name = s(d, 'name');
    if (!name) continue;
    const path = s(d, 'path')?.value;
    const vspan: VspanRec[] = list(d, 'vspanSessions').map((x) => ({
      node: x,
      name: s(x, 'name')?.value,
      enabled: b(x, 'enabled')?.value !== false,
      sources: [...strings(x, 'sourcePortTransmitted'), ...strings(x, 'sourcePortReceived')].map((p) => p.value),
      destinations: [...strings(x, 'destinationPort'), ...strings(x, 'destinationUplink')].map((p) => p.value),
    }));
    model.switches.push({ node: d, name, path, vspan });
    object(d, 'dvswitch', name.value, path);
  }

  for (const p of list(root, 'portgroups')) {
    const name = s(p, 'name');
    if (!name) continue;
    const path = s(p, 'path')?.value;
    model.portgroups.push({ node: p, name, path, switch: s(p, 'switch')?.value, uplink: b(p, 'uplink')?.value === true });
    object(p, 'portgroup', name.value, path);
  }

  for (const r of list(root, 'roles')) {
    const name = s(r, 'name');
    if (!name) continue;
    model.roles.push({ node: r, name, id: num(member(r, 'id')), system: b(r, 'system')?.value === true, privileges: strings(r, 'privileges') });
    object(r, 'role', name.value, `roles/${name.value}`);
  }

  for (const p of list(root, 'permissions')) {
    const role = s(p, 'role');
    const principal = s(p, 'principal')?.value;
    if (!role || !principal) continue;
    const entity = s(p, 'entity')?.value;
    model.permissions.push({ node: p, role, principal, group: b(p, 'group')?.value === true, entity, entityType: s(p, 'entityType')?.value, propagate: b(p, 'propagate')?.value === true });
    object(p, 'permission', `${role.value} for ${principal}`, `${entity ?? '?'} (permission: ${principal})`);
  }
  model.objects.sort((x, y) => x.start - y.start);
  return model;
}
