import { all, escapeXml, moRef, one, text, type SoapClient, type X } from './soap';

/** A managed object as the property collector returns it. */
export interface Obj {
  type: string;
  value: string;
  props: Map<string, X>;
  /** properties the server did not return, with the fault it gave (no privilege, not supported) */
  missing: { path: string; fault: string }[];
}

export interface Ref {
  type: string;
  value: string;
}

export function refOf(x: X | undefined): Ref | undefined {
  return x && x.ref ? { type: x.ref, value: x.text } : undefined;
}

/**
 * Properties read per type (a type's properties are read for its subtypes too): names and parents
 * for inventory paths, then what the rules need.
 */
export const PROPERTIES: Record<string, string[]> = {
  Folder: ['name', 'parent'],
  Datacenter: ['name', 'parent'],
  ComputeResource: ['name', 'parent'],
  ResourcePool: ['name', 'parent'],
  VirtualApp: ['parentFolder'],
  Datastore: ['name', 'parent'],
  Network: ['name', 'parent'],
  OpaqueNetwork: ['name', 'parent'],
  HostSystem: [
    'name', 'parent', 'runtime.connectionState', 'config.product', 'config.lockdownMode', 'config.service', 'config.firewall',
    'config.network.vswitch', 'config.network.portgroup', 'config.network.vnic', 'configManager.advancedOption', 'configManager.hostAccessManager',
  ],
  VirtualMachine: ['name', 'parent', 'parentVApp', 'runtime.host', 'config.template', 'config.version', 'config.guestId', 'runtime.powerState', 'guest.toolsVersionStatus2', 'guest.toolsRunningStatus', 'config.extraConfig', 'config.hardware.device'],
  DistributedVirtualSwitch: ['name', 'parent', 'uuid', 'config.uplinkPortgroup', 'config.defaultPortConfig'],
  VmwareDistributedVirtualSwitch: ['config.vspanSession'],
  DistributedVirtualPortgroup: ['name', 'parent', 'key', 'config.distributedVirtualSwitch', 'config.defaultPortConfig'],
};

/**
 * From the root folder through folders, datacenters, clusters, resource pools and vApps to every
 * host, VM, datastore and network (resource pools and datastores for the paths of the permissions on them).
 */
const TRAVERSAL: [name: string, type: string, path: string, next: string[]][] = [
  ['folder', 'Folder', 'childEntity', ['folder', 'dcHosts', 'dcVms', 'dcNetworks', 'dcDatastores', 'crHosts', 'crPools', 'pools', 'vappVms']],
  ['dcHosts', 'Datacenter', 'hostFolder', ['folder']],
  ['dcVms', 'Datacenter', 'vmFolder', ['folder']],
  ['dcNetworks', 'Datacenter', 'networkFolder', ['folder']],
  ['dcDatastores', 'Datacenter', 'datastoreFolder', ['folder']],
  ['crHosts', 'ComputeResource', 'host', []],
  ['crPools', 'ComputeResource', 'resourcePool', ['pools', 'vappVms']],
  ['pools', 'ResourcePool', 'resourcePool', ['pools', 'vappVms']],
  ['vappVms', 'VirtualApp', 'vm', []],
];

function selectSets(): string {
  return TRAVERSAL.map(([name, type, path, next]) =>
    `<selectSet xsi:type="TraversalSpec"><name>${name}</name><type>${type}</type><path>${path}</path><skip>false</skip>${next.map((n) => `<selectSet><name>${n}</name></selectSet>`).join('')}</selectSet>`,
  ).join('');
}

function propSet(props: Record<string, string[]>): string {
  return Object.entries(props).map(([type, paths]) => `<propSet><type>${type}</type><all>false</all>${paths.map((p) => `<pathSet>${escapeXml(p)}</pathSet>`).join('')}</propSet>`).join('');
}

function objects(returnvals: X[]): { objs: Obj[]; token?: string } {
  const objs: Obj[] = [];
  const rv = returnvals[0];
  for (const o of all(rv, 'objects')) {
    const ref = refOf(one(o, 'obj'));
    if (!ref) continue;
    const props = new Map<string, X>();
    for (const p of all(o, 'propSet')) {
      const name = text(p, 'name');
      const val = one(p, 'val');
      if (name && val) props.set(name, val);
    }
    const missing = all(o, 'missingSet').map((m) => ({ path: text(m, 'path') ?? '?', fault: one(m, 'fault')?.kids.get('fault')?.[0]?.type ?? one(m, 'fault')?.type ?? 'fault' }));
    objs.push({ ...ref, props, missing });
  }
  return { objs, token: text(rv, 'token') };
}

/** Objects asked for per page, and the most pages read: 10 million objects, more than any vCenter holds. */
const PAGE = 100;
export const MAX_PAGES = 100_000;

/**
 * Every page of a RetrievePropertiesEx (the server pages large answers; ContinueRetrievePropertiesEx
 * reads on). Bounded: a server that hands back a token it gave before, a token with an empty page, or
 * more than MAX_PAGES pages is an error, not a loop.
 */
async function retrieveAll(client: SoapClient, pc: Ref, spec: string): Promise<Obj[]> {
  const out: Obj[] = [];
  let page = objects(await client.call('RetrievePropertiesEx', pc, `<specSet>${spec}</specSet><options><maxObjects>${PAGE}</maxObjects></options>`));
  out.push(...page.objs);
  const tokens = new Set<string>();
  for (let pages = 1; page.token; pages++) {
    const stuck = tokens.has(page.token) ? 'a continuation token it had given before' : page.objs.length === 0 ? 'a continuation token with an empty page' : pages >= MAX_PAGES ? `more than ${MAX_PAGES} pages` : undefined;
    if (stuck) throw new Error(`the property collector returned ${stuck} (ContinueRetrievePropertiesEx after ${out.length} objects): stopped rather than read on`);
    tokens.add(page.token);
    page = objects(await client.call('ContinueRetrievePropertiesEx', pc, `<token>${escapeXml(page.token)}</token>`));
    out.push(...page.objs);
  }
  return out;
}

/** The inventory below the root folder, with the properties of PROPERTIES. */
export function retrieveInventory(client: SoapClient, pc: Ref, root: Ref): Promise<Obj[]> {
  return retrieveAll(client, pc, `${propSet(PROPERTIES)}<objectSet>${moRef('obj', root.type, root.value)}<skip>false</skip>${selectSets()}</objectSet>`);
}

/** Properties of the given objects (option managers, the authorization manager). */
export function retrieveOf(client: SoapClient, pc: Ref, refs: Ref[], type: string, paths: string[]): Promise<Obj[]> {
  if (refs.length === 0) return Promise.resolve([]);
  return retrieveAll(client, pc, `${propSet({ [type]: paths })}${refs.map((r) => `<objectSet>${moRef('obj', r.type, r.value)}<skip>false</skip></objectSet>`).join('')}`);
}
