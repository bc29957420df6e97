import { isSecretSettingKey } from '../redact';
import { all, one, text, type X } from './soap';
import { refOf, type Obj, type Ref } from './retrieve';

/**
 * Turns what the property collector returned into the snapshot format of
 * schemas/vsphere-snapshot.schema.json. Values that may be secrets are never copied: a console
 * password, an encoded VNC key, guestinfo (cloud-init data, tokens) and anything named like a
 * password, secret or token is recorded as `"redacted": true` without its value.
 */

type Json = string | number | boolean | null | Json[] | { [k: string]: Json | undefined };
type Rec = Record<string, Json | undefined>;


function bool(x: X | undefined): boolean | undefined {
  const t = x?.text.trim();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

function int(x: X | undefined): number | undefined {
  const t = x?.text.trim();
  return t !== undefined && /^-?\d{1,15}$/.test(t) ? Number(t) : undefined;
}

/** An OptionValue's value with its type kept (xsd:int, xsd:long, xsd:boolean; anything else as text). */
function optionValue(v: X | undefined): Json {
  if (!v) return null;
  if (v.type === 'int' || v.type === 'long' || v.type === 'short') return int(v) ?? v.text;
  if (v.type === 'boolean') return bool(v) ?? v.text;
  return v.text;
}

function setting(key: string, value: Json): Rec {
  return isSecretSettingKey(key) ? { key, redacted: true } : { key, value };
}

export interface Inventory {
  byRef: Map<string, Obj>;
  root: Ref;
}

export function refKey(r: Ref): string {
  return `${r.type}:${r.value}`;
}

/**
 * The inventory path of an object: `/` for the root folder, then the names below it
 * (`/DC0/host/Cluster/esx01`); undefined when its parents do not lead to the root folder through
 * objects the inventory holds (an object outside what the collector reads).
 */
export function inventoryPath(inv: Inventory, ref: Ref): string | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  let cur: Ref | undefined = ref;
  while (cur && !(cur.type === inv.root.type && cur.value === inv.root.value)) {
    const k = refKey(cur);
    if (seen.has(k)) return undefined;
    seen.add(k);
    const o = inv.byRef.get(k);
    if (!o) return undefined;
    names.unshift(o.props.get('name')?.text ?? cur.value);
    cur = refOf(o.props.get('parentFolder')) ?? refOf(o.props.get('parent')) ?? refOf(o.props.get('parentVApp'));
  }
  return cur ? `/${names.join('/')}` : undefined;
}

/** The path of an object the inventory holds (a host, VM, switch or port group read from it). */
function pathOf(inv: Inventory, o: Obj): string {
  return inventoryPath(inv, o) ?? `?/${nameOf(o)}`;
}

function nameOf(o: Obj): string {
  return o.props.get('name')?.text ?? o.value;
}

function security(x: X | undefined, wrapped: boolean): Rec | undefined {
  if (!x) return undefined;
  const v = (name: string) => bool(wrapped ? one(one(x, name), 'value') : one(x, name));
  return { allowPromiscuous: v('allowPromiscuous'), macChanges: v('macChanges'), forgedTransmits: v('forgedTransmits') };
}

/** A distributed port setting's VLAN: one id, or trunk ranges (`0-4094`). */
function vlan(x: X | undefined): Rec | undefined {
  if (!x) return undefined;
  const ranges = all(x, 'vlanId').filter((r) => r.kids.size > 0);
  if (ranges.length > 0) return { trunk: ranges.map((r) => `${text(r, 'start')}-${text(r, 'end')}`) };
  const id = int(one(x, 'vlanId'));
  return id === undefined ? undefined : { vlanId: id };
}

export function hostRecord(inv: Inventory, h: Obj, options: Obj | undefined, exceptions: string[] | undefined, dvpgNames: Map<string, string>): Rec {
  const p = h.props;
  const product = p.get('config.product');
  const net = (k: string) => all(p.get(k), k === 'config.network.vswitch' ? 'HostVirtualSwitch' : k === 'config.network.portgroup' ? 'HostPortGroup' : 'HostVirtualNic');
  return {
    moref: h.value,
    name: nameOf(h),
    path: pathOf(inv, h),
    connectionState: p.get('runtime.connectionState')?.text,
    product: product ? { name: text(product, 'name'), fullName: text(product, 'fullName'), version: text(product, 'version'), build: text(product, 'build'), apiVersion: text(product, 'apiVersion') } : undefined,
    lockdownMode: p.get('config.lockdownMode')?.text,
    lockdownExceptions: exceptions,
    advancedOptions: options ? all(options.props.get('setting'), 'OptionValue').map((o) => setting(text(o, 'key') ?? '', optionValue(one(o, 'value')))) : undefined,
    services: all(p.get('config.service'), 'service').map((s) => ({ key: text(s, 'key'), label: text(s, 'label'), running: bool(one(s, 'running')), policy: text(s, 'policy') })),
    firewall: all(p.get('config.firewall'), 'ruleset').map((r) => {
      const hosts = one(r, 'allowedHosts');
      return {
        key: text(r, 'key'),
        label: text(r, 'label'),
        enabled: bool(one(r, 'enabled')),
        allowedHosts: hosts ? {
          allIp: bool(one(hosts, 'allIp')),
          ipAddress: all(hosts, 'ipAddress').map((a) => a.text),
          ipNetwork: all(hosts, 'ipNetwork').map((n) => `${text(n, 'network')}/${text(n, 'prefixLength')}`),
        } : undefined,
      };
    }),
    vswitches: net('config.network.vswitch').map((v) => ({ name: text(v, 'name'), securityPolicy: security(one(one(one(v, 'spec'), 'policy'), 'security'), false) })),
    portgroups: net('config.network.portgroup').map((g) => ({
      name: text(g, 'spec.name'),
      vswitch: text(g, 'spec.vswitchName'),
      vlanId: int(one(one(g, 'spec'), 'vlanId')),
      securityPolicy: security(one(one(g, 'computedPolicy'), 'security'), false),
    })),
    vmkernel: net('config.network.vnic').map((n) => {
      const dvpg = text(n, 'spec.distributedVirtualPort.portgroupKey');
      return dvpg ? { device: text(n, 'device'), portgroup: dvpgNames.get(dvpg) ?? dvpg, distributed: true } : { device: text(n, 'device'), portgroup: text(n, 'portgroup') };
    }),
  };
}

/** The .vmx settings a VM's devices stand for, as the .vmx rules read them (serial ports, USB controllers). */
function deviceSettings(devices: X[]): Rec[] {
  const out: Rec[] = [];
  let serials = 0;
  for (const d of devices) {
    const label = text(d, 'deviceInfo.label');
    const add = (key: string, value: string) => out.push({ key, value, device: label });
    if (d.type === 'VirtualSerialPort') {
      const n = `serial${int(one(d, 'unitNumber')) ?? serials}`;
      serials++;
      const b = one(d, 'backing');
      add(`${n}.present`, 'TRUE');
      if (b?.type === 'VirtualSerialPortURIBackingInfo') {
        add(`${n}.fileType`, 'network');
        add(`${n}.fileName`, text(b, 'serviceURI') ?? '');
        add(`${n}.network.endPoint`, text(b, 'direction') ?? 'server');
        const proxy = text(b, 'proxyURI');
        if (proxy) add(`${n}.vspc`, proxy);
      } else if (b?.type === 'VirtualSerialPortPipeBackingInfo') {
        add(`${n}.fileType`, 'pipe');
        add(`${n}.fileName`, text(b, 'pipeName') ?? '');
      } else if (b?.type === 'VirtualSerialPortFileBackingInfo') add(`${n}.fileType`, 'file');
      else if (b?.type === 'VirtualSerialPortDeviceBackingInfo') add(`${n}.fileType`, 'device');
    } else if (d.type === 'VirtualUSBController') {
      add('usb.present', 'TRUE');
      if (bool(one(d, 'ehciEnabled'))) add('ehci.present', 'TRUE');
    } else if (d.type === 'VirtualUSBXHCIController') add('usb_xhci.present', 'TRUE');
  }
  return out;
}

export function vmRecord(inv: Inventory, vm: Obj, switches: Map<string, string>, dvpgNames: Map<string, string>): Rec {
  const p = vm.props;
  const host = refOf(p.get('runtime.host'));
  const hostObj = host ? inv.byRef.get(refKey(host)) : undefined;
  const devices = [...(p.get('config.hardware.device')?.kids.values() ?? [])].flat();
  const nics: Rec[] = [];
  for (const d of devices) {
    const b = one(d, 'backing');
    const device = text(d, 'deviceInfo.label') ?? `device ${text(d, 'key')}`;
    if (b?.type === 'VirtualEthernetCardNetworkBackingInfo') nics.push({ device, network: text(b, 'deviceName') });
    else if (b?.type === 'VirtualEthernetCardDistributedVirtualPortBackingInfo') {
      const key = text(b, 'port.portgroupKey');
      const uuid = text(b, 'port.switchUuid');
      nics.push({ device, network: key ? dvpgNames.get(key) ?? key : undefined, switch: uuid ? switches.get(uuid) ?? uuid : undefined, portKey: text(b, 'port.portKey') });
    } else if (b?.type === 'VirtualEthernetCardOpaqueNetworkBackingInfo') nics.push({ device, opaqueNetwork: text(b, 'opaqueNetworkId') });
  }
  return {
    moref: vm.value,
    name: nameOf(vm),
    path: pathOf(inv, vm),
    host: hostObj ? nameOf(hostObj) : undefined,
    template: bool(p.get('config.template')),
    hardwareVersion: p.get('config.version')?.text,
    guestId: p.get('config.guestId')?.text,
    powerState: p.get('runtime.powerState')?.text,
    tools: { versionStatus: p.get('guest.toolsVersionStatus2')?.text, runningStatus: p.get('guest.toolsRunningStatus')?.text },
    extraConfig: all(p.get('config.extraConfig'), 'OptionValue').map((o) => setting(text(o, 'key') ?? '', optionValue(one(o, 'value')))),
    deviceSettings: deviceSettings(devices),
    nics,
  };
}

export function dvsRecord(inv: Inventory, d: Obj): Rec {
  const p = d.props;
  const portConfig = p.get('config.defaultPortConfig');
  return {
    moref: d.value,
    name: nameOf(d),
    path: pathOf(inv, d),
    uuid: p.get('uuid')?.text,
    vspanSessions: all(p.get('config.vspanSession'), 'VMwareVspanSession').map((s) => ({
      key: text(s, 'key'),
      name: text(s, 'name'),
      enabled: bool(one(s, 'enabled')),
      sessionType: text(s, 'sessionType'),
      normalTrafficAllowed: bool(one(s, 'normalTrafficAllowed')),
      sourcePortTransmitted: all(one(s, 'sourcePortTransmitted'), 'portKey').map((k) => k.text),
      sourcePortReceived: all(one(s, 'sourcePortReceived'), 'portKey').map((k) => k.text),
      destinationPort: all(one(s, 'destinationPort'), 'portKey').map((k) => k.text),
      destinationUplink: all(one(s, 'destinationPort'), 'uplinkPortName').map((k) => k.text),
    })),
    securityPolicy: security(one(portConfig, 'securityPolicy'), true),
  };
}

export function dvpgRecord(inv: Inventory, g: Obj, switchNames: Map<string, string>, uplinks: Set<string>): Rec {
  const p = g.props;
  const dvs = refOf(p.get('config.distributedVirtualSwitch'));
  const portConfig = p.get('config.defaultPortConfig');
  return {
    moref: g.value,
    key: p.get('key')?.text,
    name: nameOf(g),
    path: pathOf(inv, g),
    switch: dvs ? switchNames.get(refKey(dvs)) : undefined,
    uplink: uplinks.has(g.value),
    vlan: vlan(one(portConfig, 'vlan')),
    securityPolicy: security(one(portConfig, 'securityPolicy'), true),
  };
}

export function roleRecords(roleList: X | undefined): Rec[] {
  return all(roleList, 'AuthorizationRole').map((r) => ({
    id: int(one(r, 'roleId')),
    name: text(r, 'name'),
    label: text(r, 'info.label'),
    system: bool(one(r, 'system')),
    privileges: all(r, 'privilege').map((x) => x.text),
  }));
}

/** A permission as the server returned it, and the object it is on when the server left its entity out. */
export interface RawPermission {
  x: X;
  on?: Ref;
}

/**
 * Permissions with the inventory path of their object. One on an object outside the inventory the
 * collector reads, or on no object the server named, is left out with a note saying so.
 */
export function permissionRecords(inv: Inventory, perms: RawPermission[], roles: Map<number, string>, notes: string[]): Rec[] {
  const out: Rec[] = [];
  for (const { x: p, on } of perms) {
    const entity = refOf(one(p, 'entity')) ?? on;
    const roleId = int(one(p, 'roleId'));
    const role = roleId !== undefined ? roles.get(roleId) ?? String(roleId) : undefined;
    const principal = text(p, 'principal');
    const path = entity ? inventoryPath(inv, entity) : undefined;
    if (!path) {
      notes.push(`the permission of ${principal ?? '?'} (role ${role ?? '?'})${entity ? ` on ${entity.type} ${entity.value}: that object is outside the inventory read (folders, datacenters, clusters, resource pools, hosts, VMs, datastores, networks)` : ': the server did not say on which object it is'}`);
      continue;
    }
    out.push({ entity: path, entityType: entity?.type, principal, group: bool(one(p, 'group')), role, roleId, propagate: bool(one(p, 'propagate')) });
  }
  return out;
}
