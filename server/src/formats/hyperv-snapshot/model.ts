import type { FindingObject, ToolDiagnostic } from '../../engine/types';
import type { HvNic, HvNicSetting, HvSetting, HyperVModel, NicKey, SwitchType } from '../powershell/hyperv';
import { bool, member, num, str, type JsonNode } from '../vsphere-snapshot/json';
import type { Val } from '../vsphere-snapshot/model';
import type { HypervHostBuild } from './carriers';

/**
 * The Hyper-V snapshot (resources/vharden-hyperv-inventory.ps1, schemas/hyperv-snapshot.schema.json)
 * read into the Hyper-V model the PowerShell format builds (so the HV-* rules judge a host as they
 * judge a script), plus what the fabric and findings need: the host's switches and adapters with
 * the ranges of their values, and the inventory object of every range.
 */

export const SNAPSHOT_FORMAT = 'vharden-hyperv-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapSwitch {
  name: Val<string>;
  type?: SwitchType;
  allowManagementOS?: Val<boolean>;
}

export interface SnapAdapter {
  /** the VM, or `ManagementOS` for a host adapter */
  vm: string;
  host: boolean;
  name: string;
  switch?: Val<string>;
  /** PortMirroring: `none`, `source` or `destination`, with the range of its member */
  mirroring?: HvSetting;
}

export interface HvObject extends FindingObject {
  start: number;
  end: number;
}

export interface HvSnapshotModel {
  /** the model the HV-* rules read (`live`: every value is the host's state, defaults included) */
  hv: HyperVModel;
  /** the host's computer name, when the snapshot has it */
  host?: string;
  build?: HypervHostBuild;
  switches: SnapSwitch[];
  adapters: SnapAdapter[];
  notCollected: Val<string>[];
  /** objects by start offset (VMs hold their adapters), for Format.objectAt */
  objects: HvObject[];
}

const NIC_MEMBERS: [string, NicKey][] = [
  ['macAddressSpoofing', 'macaddressspoofing'],
  ['dhcpGuard', 'dhcpguard'],
  ['routerGuard', 'routerguard'],
  ['portMirroring', 'portmirroring'],
];

/** Integration service id of the Guest Service Interface (the name is localised; the id is not). */
const GUEST_SERVICE_ID = /6C09BB55-D683-4DA0-8931-C9BF705F6480$/i;

/** Reads the snapshot's records; a value of the wrong type is a VH-PARSE-ERROR and is left out. */
export function readSnapshot(root: JsonNode | undefined, diagnostics: ToolDiagnostic[]): HvSnapshotModel {
  const hv: HyperVModel = { guestService: [], switches: [], nics: [], nicSettings: [], firmware: [], host: [], live: true };
  const model: HvSnapshotModel = { hv, switches: [], adapters: [], notCollected: [], objects: [] };
  const wrong = (node: { start: number; end: number }, what: string) => {
    if (diagnostics.length < 100) diagnostics.push({ code: 'VH-PARSE-ERROR', start: node.start, end: node.end, severity: 'low', message: `Expected ${what} here; this value is not read.`, locator: `snapshot:${node.start}` });
  };
  /** the member's value node and the start of its key */
  const at = (parent: JsonNode | undefined, key: string): { node: JsonNode; keyStart: number } | undefined => {
    if (parent?.kind !== 'object') return undefined;
    for (let k = parent.entries.length - 1; k >= 0; k--) {
      const e = parent.entries[k]!;
      if (e.key === key) return e.value.kind === 'null' ? undefined : { node: e.value, keyStart: e.keyStart };
    }
    return undefined;
  };
  const s = (parent: JsonNode | undefined, key: string): Val<string> | undefined => {
    const m = at(parent, key);
    if (!m) return undefined;
    const v = m.node.kind === 'string' ? str(m.node) : undefined;
    if (v === undefined) return wrong(m.node, `a string for "${key}"`), undefined;
    return { value: v, start: m.node.start, end: m.node.end };
  };
  const b = (parent: JsonNode | undefined, key: string): Val<boolean> | undefined => {
    const m = at(parent, key);
    if (!m) return undefined;
    const v = bool(m.node);
    if (v === undefined) return wrong(m.node, `true or false for "${key}"`), undefined;
    return { value: v, start: m.node.start, end: m.node.end };
  };
  /** a member as a model setting: its lower-case value, from the key to the end of the value */
  const setting = (parent: JsonNode | undefined, key: string, kind: 'string' | 'boolean'): HvSetting | undefined => {
    const m = at(parent, key);
    if (!m) return undefined;
    const v = kind === 'string' ? (m.node.kind === 'string' ? str(m.node) : undefined) : bool(m.node);
    if (v === undefined) return wrong(m.node, kind === 'string' ? `a string for "${key}"` : `true or false for "${key}"`), undefined;
    return { value: String(v).toLowerCase(), start: m.keyStart, end: m.node.end, dsc: false };
  };
  const list = (parent: JsonNode | undefined, key: string): JsonNode[] => {
    const m = at(parent, key);
    if (!m) return [];
    if (m.node.kind !== 'array') return wrong(m.node, `a list for "${key}"`), [];
    return m.node.items.filter((x) => (x.kind === 'object' ? true : (wrong(x, `an object in "${key}"`), false)));
  };
  const object = (parent: JsonNode | undefined, key: string): JsonNode | undefined => {
    const m = at(parent, key);
    if (!m) return undefined;
    return m.node.kind === 'object' ? m.node : (wrong(m.node, `an object for "${key}"`), undefined);
  };

  for (const n of items(root, 'notCollected')) {
    if (n.kind === 'string') model.notCollected.push({ value: n.value as string, start: n.start, end: n.end });
    else wrong(n, 'a string in "notCollected"');
  }

  const host = object(root, 'host');
  const hostName = s(host, 'name')?.value;
  model.host = hostName;
  const prefix = hostName ?? 'host';
  if (host) model.objects.push({ start: host.start, end: host.end, kind: 'host', name: prefix, path: prefix });
  const os = object(host, 'os');
  const product = s(os, 'product');
  const build = s(os, 'build');
  if (build && /^\d{1,3}\.\d{1,3}\.\d{1,6}\.\d{1,8}$/.test(build.value)) model.build = { product: product?.value ?? '', build: build.value, start: build.start, end: build.end };
  else if (build) wrong(build, 'a build of the form 10.0.20348.2227 for "build"');
  const migration = object(host, 'migration');
  // the authentication type has no effect while live migration is off (and CredSSP is its default)
  if (b(migration, 'enabled')?.value === true) {
    const auth = setting(migration, 'authenticationType', 'string');
    if (auth) hv.host.push({ key: 'virtualmachinemigrationauthenticationtype', setting: auth });
  }
  const esm = setting(host, 'enhancedSessionMode', 'boolean');
  if (esm) hv.host.push({ key: 'enableenhancedsessionmode', setting: esm });

  for (const sw of list(root, 'switches')) {
    const name = s(sw, 'name');
    if (!name) continue;
    const t = s(sw, 'switchType')?.value.toLowerCase();
    const type = t === 'external' || t === 'internal' || t === 'private' ? t : undefined;
    const mgmt = setting(sw, 'allowManagementOS', 'boolean');
    model.switches.push({ name, type, allowManagementOS: b(sw, 'allowManagementOS') });
    hv.switches.push({ name: name.value, type, managementOS: mgmt, start: name.start, end: name.end, after: sw.end, dsc: false });
    model.objects.push({ start: sw.start, end: sw.end, kind: 'switch', name: name.value, path: `${prefix}/switches/${name.value}` });
  }

  const adapter = (node: JsonNode, vm: string, isHost: boolean, path: string) => {
    const name = s(node, 'name')?.value ?? 'Network Adapter';
    const sw = s(node, 'switch');
    const nic: HvNic = { vm, nic: name, switch: sw?.value, host: isHost, start: (sw ?? node).start, end: (sw ?? node).end, after: node.end, dsc: false };
    if (sw) hv.nics.push(nic);
    const rec: SnapAdapter = { vm, host: isHost, name, switch: sw };
    for (const [key, k] of NIC_MEMBERS) {
      const v = setting(node, key, 'string');
      if (!v) continue;
      const ns: HvNicSetting = { key: k, vms: [vm], nic: name, switch: sw?.value, host: isHost, setting: v };
      hv.nicSettings.push(ns);
      if (k === 'portmirroring') rec.mirroring = v;
    }
    model.adapters.push(rec);
    model.objects.push({ start: node.start, end: node.end, kind: isHost ? 'host-adapter' : 'nic', name: isHost ? `ManagementOS/${name}` : `${vm}/${name}`, path: `${path}/${name}` });
  };
  for (const a of list(root, 'hostAdapters')) adapter(a, 'ManagementOS', true, `${prefix}/ManagementOS`);

  for (const vmNode of list(root, 'vms')) {
    const name = s(vmNode, 'name');
    if (!name) continue;
    const vm = name.value;
    const path = `${prefix}/${vm}`;
    model.objects.push({ start: vmNode.start, end: vmNode.end, kind: 'vm', name: vm, path });
    const generation = at(vmNode, 'generation');
    const gen = generation ? num(generation.node) : undefined;
    if (generation && gen === undefined) wrong(generation.node, 'a number for "generation"');
    const secure = setting(object(vmNode, 'firmware'), 'secureBoot', 'string');
    // only generation 2 VMs have Secure Boot
    if (secure && gen === 2) hv.firmware.push({ vms: [vm], secureBoot: secure });
    for (const svc of list(vmNode, 'integrationServices')) {
      const id = s(svc, 'id')?.value;
      const svcName = s(svc, 'name')?.value;
      if (!(id !== undefined ? GUEST_SERVICE_ID.test(id) : svcName?.toLowerCase() === 'guest service interface')) continue;
      const enabled = setting(svc, 'enabled', 'boolean');
      if (enabled?.value === 'true') hv.guestService.push({ vms: [vm], start: enabled.start, end: enabled.end });
    }
    for (const a of list(vmNode, 'networkAdapters')) adapter(a, vm, false, path);
  }
  model.objects.sort((x, y) => x.start - y.start);
  return model;
}

function items(node: JsonNode | undefined, key: string): JsonNode[] {
  const n = member(node, key);
  return n?.kind === 'array' ? n.items : [];
}

/** The innermost object whose range holds `offset` (objects nest: a VM holds its adapters). */
export function objectAt(objects: HvObject[], offset: number): FindingObject | undefined {
  let lo = 0;
  let hi = objects.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (objects[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // objects nest at most three deep (host, VM, adapter), so only a few earlier ones can hold offset
  for (let k = found, seen = 0; k >= 0 && seen < 64; k--, seen++) {
    const o = objects[k]!;
    if (offset < o.end) return { kind: o.kind, name: o.name, path: o.path };
  }
  return undefined;
}
