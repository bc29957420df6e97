import { readFileSync } from 'node:fs';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../../../formats/vsphere-snapshot/model';
import { checkFlags, CollectError, CollectUsageError, safeName, SnapshotWriter, stringFlag } from '../snapshot';
import type { CollectOptions, CollectResult, Collector } from '../types';
import { refOf, retrieveInventory, retrieveOf, type Obj, type Ref } from './retrieve';
import { all, escapeXml, httpTransport, moRef, one, SoapClient, SoapFault, text, type Transport } from './soap';
import { dvpgRecord, dvsRecord, hostRecord, permissionRecords, refKey, roleRecords, vmRecord, type Inventory, type RawPermission } from './snapshot';

declare const VHARDEN_VERSION: string;
const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

/** Environment variables the collector reads the credentials from (the CLI asks for them when they are unset). */
export const USER_ENV = 'VHARDEN_VSPHERE_USER';
export const PASSWORD_ENV = 'VHARDEN_VSPHERE_PASSWORD';

/** `vc.example.com`, `https://vc.example.com`, `vc:8443` → `https://vc.example.com/sdk`. */
export function sdkUrl(target: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `https://${target}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CollectUsageError(`collect vsphere: "${target}" is not a server name or URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CollectUsageError(`collect vsphere: ${url.protocol} is not a vSphere API URL (https://SERVER)`);
  if (url.password) throw new CollectUsageError(`collect vsphere: do not put the password in the URL (it ends up in shell history and process lists): set ${PASSWORD_ENV}, or leave it unset to be asked`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
  return url;
}

function tlsProblem(err: unknown): string | undefined {
  const code = (err as { code?: string })?.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_TLS/.test(code)) {
    return `the server's TLS certificate is not trusted (${code}): pass the CA that signed it with --ca FILE (for vCenter, the VMCA root certificate), or --insecure to skip the check (the scan then reports VH-SNAPSHOT-INSECURE)`;
  }
  return undefined;
}

/** The user name and password: from the environment, else asked for (a terminal prompt, standard input, the editor). */
async function credentials(url: URL, opts: CollectOptions): Promise<{ user: string; password: string }> {
  let user = opts.env[USER_ENV] || (url.username ? decodeURIComponent(url.username) : undefined);
  let password = opts.env[PASSWORD_ENV] || undefined;
  if (!user) user = await opts.ask?.(`User name for ${url.host}: `, { secret: false });
  if (user && password === undefined) password = await opts.ask?.(`Password for ${user} on ${url.host}: `, { secret: true });
  if (!user || password === undefined) throw new CollectUsageError(`collect vsphere: no credentials: set ${USER_ENV} and ${PASSWORD_ENV}, or run in a terminal to be asked`);
  return { user, password };
}

/** Reads a live vCenter or ESXi host into a snapshot folder. `transport` replaces HTTPS (tests). */
export async function collectVsphere(target: string | undefined, opts: CollectOptions, transport?: (t: Transport) => Transport): Promise<CollectResult> {
  checkFlags('vsphere', opts.flags, { server: 'string', ca: 'string', insecure: 'boolean' });
  const flagServer = stringFlag(opts.flags, 'server');
  if (flagServer && target) throw new CollectUsageError('collect vsphere: give the server once (as an argument or with --server)');
  const server = flagServer ?? target;
  if (!server) throw new CollectUsageError('collect vsphere: name the server: --server URL (vCenter or ESXi)');
  const url = sdkUrl(server);
  const insecure = opts.flags.insecure === true;
  if (url.protocol === 'http:' && !insecure) throw new CollectUsageError('collect vsphere: http:// sends the password in clear text; use https://, or --insecure to accept that (reported as a finding)');
  const caFile = stringFlag(opts.flags, 'ca');
  if (caFile && insecure) throw new CollectUsageError('collect vsphere: --ca and --insecure contradict each other');
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new CollectUsageError(`collect vsphere: --ca ${caFile}: ${(err as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new CollectUsageError(`collect vsphere: --ca ${caFile}: not a PEM certificate file`);
  }
  const writer = new SnapshotWriter(opts.out);
  const { user, password } = await credentials(url, opts);
  url.username = '';

  const https = httpTransport(url, { ca, insecure }, opts.signal);
  const client = new SoapClient(transport ? transport(https) : https);
  const progress = opts.progress ?? (() => {});
  const notes: string[] = [];
  progress(`connecting to ${url.host}`);
  let content;
  try {
    content = (await client.call('RetrieveServiceContent', { type: 'ServiceInstance', value: 'ServiceInstance' }))[0];
  } catch (err) {
    throw new CollectError(opts.signal?.aborted ? 'cancelled' : `vsphere: ${url.host}: ${tlsProblem(err) ?? (err as Error).message}`);
  }
  const about = one(content, 'about');
  const apiVersion = text(about, 'apiVersion');
  if (apiVersion && /^\d+\.\d+(\.\d+){0,2}$/.test(apiVersion)) client.version = apiVersion;
  const ref = (name: string): Ref | undefined => refOf(one(content, name));
  const root = ref('rootFolder');
  const pc = ref('propertyCollector');
  const sessions = ref('sessionManager');
  const authz = ref('authorizationManager');
  if (!root || !pc || !sessions) throw new CollectError(`vsphere: ${url.host}: the service content lacks the root folder, property collector or session manager: is this vCenter or ESXi?`);

  try {
    await client.call('Login', sessions, `<userName>${escapeXml(user)}</userName><password>${escapeXml(password)}</password>`);
  } catch (err) {
    if (err instanceof SoapFault && err.fault === 'InvalidLogin') throw new CollectError(`vsphere: ${url.host}: login as ${user} failed: wrong user name or password`);
    throw new CollectError(`vsphere: ${url.host}: login failed: ${(err as Error).message}`);
  }
  let snapshot: Snapshot;
  try {
    snapshot = await read(client, { root, pc, authz }, notes, progress);
  } catch (err) {
    throw new CollectError(opts.signal?.aborted ? 'cancelled' : `vsphere: ${url.host}: ${(err as Error).message}`);
  } finally {
    await client.call('Logout', sessions).catch(() => undefined);
  }
  const source = {
    server: url.host,
    apiType: text(about, 'apiType'),
    about: { name: text(about, 'name'), fullName: text(about, 'fullName'), version: text(about, 'version'), build: text(about, 'build'), apiVersion, instanceUuid: text(about, 'instanceUuid') },
    collectedAt: new Date().toISOString(),
    collector: `vharden ${VERSION}`,
    tls: url.protocol === 'http:' ? { verified: false, plainHttp: true } : insecure ? { verified: false } : { verified: true, ca: ca ? 'file' : 'system' },
    notCollected: notes,
  };
  progress(`writing ${snapshot.hosts.length} hosts, ${snapshot.vms.length} VMs`);
  write(writer, source, snapshot);
  return { files: writer.files(), notes };
}

interface Snapshot {
  hosts: Record<string, unknown>[];
  vms: Record<string, unknown>[];
  switches: Record<string, unknown>[];
  portgroups: Record<string, unknown>[];
  roles: Record<string, unknown>[];
  permissions: Record<string, unknown>[];
}

async function read(client: SoapClient, refs: { root: Ref; pc: Ref; authz?: Ref }, notes: string[], progress: (m: string) => void): Promise<Snapshot> {
  progress('reading the inventory');
  const objs = await retrieveInventory(client, refs.pc, refs.root);
  const inv: Inventory = { byRef: new Map(objs.map((o) => [refKey(o), o])), root: refs.root };
  const of = (...types: string[]) => objs.filter((o) => types.includes(o.type)).sort((a, b) => a.value.localeCompare(b.value));
  for (const o of objs) for (const m of o.missing) notes.push(`${m.path} of ${o.type} ${o.props.get('name')?.text ?? o.value}: ${m.fault}`);

  const dvses = of('VmwareDistributedVirtualSwitch', 'DistributedVirtualSwitch');
  const switchByUuid = new Map(dvses.map((d) => [d.props.get('uuid')?.text ?? '', d.props.get('name')?.text ?? d.value]));
  const switchByRef = new Map(dvses.map((d) => [refKey(d), d.props.get('name')?.text ?? d.value]));
  const uplinks = new Set(dvses.flatMap((d) => all(d.props.get('config.uplinkPortgroup'), 'ManagedObjectReference').map((r) => r.text)));
  const dvpgs = of('DistributedVirtualPortgroup');
  const dvpgNames = new Map(dvpgs.map((g) => [g.props.get('key')?.text ?? g.value, g.props.get('name')?.text ?? g.value]));

  const hosts = of('HostSystem');
  for (const h of hosts) {
    const state = h.props.get('runtime.connectionState')?.text;
    if (state && state !== 'connected') notes.push(`host ${h.props.get('name')?.text ?? h.value} is ${state}: its configuration is not readable`);
  }
  progress(`reading ${hosts.length} hosts`);
  const optionRefs = hosts.map((h) => refOf(h.props.get('configManager.advancedOption'))).filter((r): r is Ref => !!r);
  const options = new Map<string, Obj>();
  try {
    for (const o of await retrieveOf(client, refs.pc, optionRefs, 'OptionManager', ['setting'])) options.set(refKey(o), o);
  } catch (err) {
    notes.push(`advanced options of the hosts: ${(err as Error).message}`);
  }
  const exceptions = new Map<string, string[]>();
  const lockdownFaults = new Set<string>();
  for (const h of hosts) {
    const am = refOf(h.props.get('configManager.hostAccessManager'));
    if (!am) continue;
    try {
      exceptions.set(refKey(h), (await client.call('QueryLockdownExceptions', am)).map((x) => x.text));
    } catch (err) {
      lockdownFaults.add(err instanceof SoapFault ? err.fault : (err as Error).message);
    }
  }
  if (lockdownFaults.size) notes.push(`lockdown exception users: ${[...lockdownFaults].join('; ')}`);

  let roles: Record<string, unknown>[] = [];
  let permissions: Record<string, unknown>[] = [];
  if (refs.authz) {
    progress('reading roles and permissions');
    try {
      const [am] = await retrieveOf(client, refs.pc, [refs.authz], 'AuthorizationManager', ['roleList']);
      roles = roleRecords(am?.props.get('roleList'));
    } catch (err) {
      notes.push(`roles: ${(err as Error).message}`);
    }
    try {
      const names = new Map(roles.map((r) => [r.id as number, r.name as string]));
      permissions = permissionRecords(inv, await allPermissions(client, refs.authz, objs), names, notes);
    } catch (err) {
      notes.push(`permissions: ${(err as Error).message}`);
    }
  } else notes.push('roles and permissions: the server has no authorization manager');

  const byPath = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.path ?? a.name).localeCompare(String(b.path ?? b.name));
  return {
    hosts: hosts.map((h) => {
      const om = refOf(h.props.get('configManager.advancedOption'));
      return hostRecord(inv, h, om ? options.get(refKey(om)) : undefined, exceptions.get(refKey(h)), dvpgNames);
    }).sort(byPath),
    vms: of('VirtualMachine').map((vm) => vmRecord(inv, vm, switchByUuid, dvpgNames)).sort(byPath),
    switches: dvses.map((d) => dvsRecord(inv, d)).sort(byPath),
    portgroups: dvpgs.map((g) => dvpgRecord(inv, g, switchByRef, uplinks)).sort(byPath),
    roles,
    permissions: permissions.sort((a, b) => `${a.entity}\0${a.principal}`.localeCompare(`${b.entity}\0${b.principal}`)),
  };
}

/**
 * Every permission (RetrieveAllPermissions). vCenter and ESXi name the object of each; a server that
 * leaves it out (vcsim keeps permissions as govc sent them, without it) is asked object by object
 * (RetrieveEntityPermissions, not inherited) for the inventory read, so each permission keeps its object.
 */
async function allPermissions(client: SoapClient, authz: Ref, objs: Obj[]): Promise<RawPermission[]> {
  const all = (await client.call('RetrieveAllPermissions', authz)).map((x) => ({ x }));
  const named = all.filter((p) => refOf(one(p.x, 'entity')));
  if (named.length === all.length) return all;
  const found: RawPermission[] = [];
  for (const o of objs) {
    for (const x of await client.call('RetrieveEntityPermissions', authz, `${moRef('entity', o.type, o.value)}<inherited>false</inherited>`)) {
      if (!refOf(one(x, 'entity'))) found.push({ x, on: o });
    }
  }
  // what neither call placed on an object is kept without one (permissionRecords notes it)
  const missing = all.length - named.length - found.length;
  return [...named, ...found, ...all.filter((p) => !refOf(one(p.x, 'entity'))).slice(0, Math.max(0, missing))];
}

const HEADER = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION };

/** A file name for an object: its name made safe, made unique with its moref. */
function fileName(name: string, moref: string, used: Set<string>): string {
  let base = safeName(name || moref);
  if (used.has(base.toLowerCase())) base = `${base}-${safeName(moref)}`;
  used.add(base.toLowerCase());
  return `${base}.vsphere.json`;
}

/**
 * The snapshot folder: `inventory.vsphere.json` (the server, switches, port groups, roles and
 * permissions), then one file per host under `hosts/` and per VM under `vms/`, so a finding's file
 * names its object and no file grows with the size of the estate.
 */
function write(writer: SnapshotWriter, source: Record<string, unknown>, s: Snapshot): void {
  const json = (data: unknown) => JSON.stringify(data, null, 2) + '\n';
  writer.file('inventory.vsphere.json', json({ ...HEADER, source, switches: s.switches, portgroups: s.portgroups, roles: s.roles, permissions: s.permissions }));
  const part = { server: source.server, collectedAt: source.collectedAt, partOf: '../inventory.vsphere.json' };
  for (const [folder, list, key] of [['hosts', s.hosts, 'hosts'], ['vms', s.vms, 'vms']] as const) {
    const used = new Set<string>();
    for (const o of list) writer.file(`${folder}/${fileName(String(o.name ?? ''), String(o.moref ?? ''), used)}`, json({ ...HEADER, source: part, [key]: [o] }));
  }
}

export const vsphereCollector: Collector = {
  id: 'vsphere',
  usage: 'vsphere --server URL [--ca FILE] [--insecure]',
  snapshot: 'files',
  collect: (target, opts) => collectVsphere(target, opts),
};
