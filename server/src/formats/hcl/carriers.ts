import type { TextEdit } from '../../engine/types';
import type { VmxSetting, VmxSettings, VmxTarget } from '../vmx/settings';
import type { TfPermissionGrant, PolicyKey, PolicySetting, PrivilegeItem, PrivilegeSet, SwitchPolicy } from '../vsphere/carriers';
import { attr, blocks, type Attribute, type Block, type Expr, type ObjectItem } from './ast';
import { address, attrValue, blocksOf, boolOf, commentLines, indentAt, insertAttr, setAttr, strOf, viaNote, type HclModel } from './model';

interface MapSetting extends VmxSetting {
  item: ObjectItem;
  owner: Extract<Expr, { kind: 'object' }>;
}

/**
 * VM settings written as a map: Terraform `vsphere_virtual_machine.extra_config`, Packer `vmx_data`
 * (and `vmx_data_post`, which wins) of the VMware builders and `configuration_parameters` of the
 * vSphere builders. The maps list only what they change, so the carriers are partial.
 */
export function vmxCarriers(model: HclModel): VmxSettings[] {
  const out: VmxSettings[] = [];
  for (const vm of blocksOf(model, 'resource', 'vsphere_virtual_machine')) {
    const c = mapCarrier(model, vm, ['extra_config'], 'esxi');
    if (c) out.push(c);
  }
  for (const src of blocksOf(model, 'source', 'vmware-iso', 'vmware-vmx')) {
    const remote = strOf(model, attr(src.body, 'remote_type')?.value);
    const c = mapCarrier(model, src, ['vmx_data', 'vmx_data_post'], remote ? 'esxi' : 'hosted');
    if (c) out.push(c);
  }
  for (const src of blocksOf(model, 'source', 'vsphere-iso', 'vsphere-clone')) {
    const c = mapCarrier(model, src, ['configuration_parameters'], 'esxi');
    if (c) out.push(c);
  }
  return out;
}

function mapCarrier(model: HclModel, owner: Block, names: string[], target: VmxTarget): VmxSettings | undefined {
  const maps = names.map((n) => attr(owner.body, n)).filter((a): a is Attribute => a?.value.kind === 'object');
  if (maps.length === 0) return undefined;
  const effective = new Map<string, MapSetting>();
  for (const a of maps) {
    const obj = a.value as Extract<Expr, { kind: 'object' }>;
    for (const item of obj.items) {
      if (item.key === undefined) continue;
      const v = item.value;
      const value = v.kind === 'string' ? v.value : v.kind === 'number' || v.kind === 'bool' ? String(v.value) : undefined;
      if (value === undefined) continue; // computed: unknown, never judged
      const lower = item.key.toLowerCase();
      effective.set(lower, { key: item.key, lower, value, start: item.start, end: item.end, valueStart: v.start, valueEnd: v.end, locator: `${address(owner)}/${a.name}/${lower}`, item, owner: obj });
    }
  }
  const first = maps[0]!;
  const firstObj = first.value as Extract<Expr, { kind: 'object' }>;
  return {
    target,
    partial: true,
    anchor: { start: first.start, end: first.nameEnd },
    carrier: `${address(owner)}/${first.name}`,
    get: (key) => effective.get(key.toLowerCase()),
    matching: (re) => [...effective.values()].filter((s) => re.test(s.lower)),
    setValue: (s, value) => [{ start: s.valueStart, end: s.valueEnd, newText: JSON.stringify(value) }],
    add: (key, value) => [addItem(model, firstObj, key, value)],
    remove: (s) => [removeItem(model, s as MapSetting)],
  };
}

function addItem(model: HclModel, obj: Extract<Expr, { kind: 'object' }>, key: string, value: string): TextEdit {
  const text = model.text;
  const close = obj.end - 1;
  if (model.json) return { start: obj.start + 1, end: obj.start + 1, newText: `${JSON.stringify(key)}: ${JSON.stringify(value)}${obj.items.length ? ', ' : ''}` };
  const last = obj.items[obj.items.length - 1];
  const multiline = text.slice(obj.start, obj.end).includes('\n');
  if (!last) return { start: obj.start + 1, end: obj.start + 1, newText: ` ${JSON.stringify(key)} = ${JSON.stringify(value)} ` };
  if (!multiline) return { start: last.end, end: last.end, newText: `, ${JSON.stringify(key)} = ${JSON.stringify(value)}` };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = indentAt(text, last.start);
  const lineEnd = text.indexOf('\n', last.end);
  const at = lineEnd < 0 || lineEnd > close ? last.end : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { start: at, end: at, newText: `${eol}${indent}${JSON.stringify(key)} = ${JSON.stringify(value)}` };
}

function removeItem(model: HclModel, s: MapSetting): TextEdit {
  const text = model.text;
  const { item, owner } = s;
  const i = owner.items.indexOf(item);
  if (model.json) {
    const prev = owner.items[i - 1];
    const next = owner.items[i + 1];
    if (prev) return { start: prev.end, end: item.end, newText: '' };
    if (next) return { start: item.start, end: next.start, newText: '' };
    return { start: item.start, end: item.end, newText: '' };
  }
  const ls = text.lastIndexOf('\n', item.start - 1) + 1;
  const le = text.indexOf('\n', item.end);
  const lineEnd = le < 0 ? text.length : le;
  const aloneOnLine = text.slice(ls, item.start).trim() === '' && /^\s*,?\s*(#.*|\/\/.*)?\r?$/.test(text.slice(item.end, lineEnd));
  if (aloneOnLine && ls > owner.start) return { start: ls, end: le < 0 ? text.length : le + 1, newText: '' };
  const comma = /^\s*,/.exec(text.slice(item.end, owner.end));
  return { start: item.start, end: comma ? item.end + comma[0].length : item.end, newText: '' };
}

/** `vsphere_role` privilege lists, with whether a grant in this file binds the role at the root or a datacenter with propagation. */
export function privilegeSets(model: HclModel): PrivilegeSet[] {
  const bound = new Set<string>();
  for (const g of grantsWithRoles(model)) if (g.roleRef && g.grant.propagate === true && (g.grant.target === 'root' || g.grant.target === 'datacenter')) bound.add(g.roleRef);
  const out: PrivilegeSet[] = [];
  for (const r of blocksOf(model, 'resource', 'vsphere_role')) {
    const list = attr(r.body, 'role_privileges');
    if (!list || list.value.kind !== 'tuple') continue;
    const items: PrivilegeItem[] = [];
    for (const e of list.value.items) if (e.kind === 'string') items.push({ id: e.value.trim(), start: e.start, end: e.end });
    const name = strOf(model, attr(r.body, 'name')?.value);
    out.push({ role: name ?? r.labels[1], items, anchor: { start: list.start, end: list.end }, locator: address(r), boundAtRoot: bound.has(r.labels[1] ?? '') });
  }
  return out;
}

/** Which data/resource block a reference `data.t.n.id` / `t.n.id` names, in this file. */
function referenced(model: HclModel, e: Expr | undefined): { data: boolean; block: Block } | undefined {
  if (e?.kind !== 'ref') return undefined;
  const p = e.path;
  const data = p[0] === 'data';
  const [type, name] = data ? [p[1], p[2]] : [p[0], p[1]];
  if (!type || !name) return undefined;
  const block = blocks(model.body, data ? 'data' : 'resource').find((b) => b.labels[0] === type && b.labels[1] === name);
  return block ? { data, block } : undefined;
}

const ADMIN_LABELS = new Set(['administrator', 'admin']);

function grantsWithRoles(model: HclModel): { grant: TfPermissionGrant; roleRef?: string }[] {
  const out: { grant: TfPermissionGrant; roleRef?: string }[] = [];
  for (const r of blocksOf(model, 'resource', 'vsphere_entity_permissions')) {
    const type = strOf(model, attr(r.body, 'entity_type')?.value);
    const idAttr = attr(r.body, 'entity_id');
    const id = idAttr ? strOf(model, idAttr.value) : undefined;
    const idRef = referenced(model, idAttr?.value);
    let target: TfPermissionGrant['target'];
    if (type === 'Datacenter') target = 'datacenter';
    else if (type === 'Folder') {
      const path = idRef?.block.labels[0] === 'vsphere_folder' ? strOf(model, attr(idRef.block.body, 'path')?.value) : undefined;
      if (id === 'group-d1' || path === '/' || path === '') target = 'root';
      else if (id !== undefined || path !== undefined) target = 'other';
    } else if (type !== undefined) target = 'other';
    const object = idAttr ? model.text.slice(idAttr.value.start, idAttr.value.end) : 'the object';
    blocks(r.body, 'permissions').forEach((p, i) => {
      const roleAttr = attr(p.body, 'role_id');
      if (!roleAttr) return;
      const roleId = strOf(model, roleAttr.value);
      const ref = referenced(model, roleAttr.value);
      let admin: boolean | undefined;
      let roleRef: string | undefined;
      let roleName: string | undefined;
      if (roleId !== undefined) admin = roleId.trim() === '-1';
      else if (ref?.data && ref.block.labels[0] === 'vsphere_role') {
        const label = strOf(model, attr(ref.block.body, 'label')?.value) ?? strOf(model, attr(ref.block.body, 'name')?.value);
        admin = label === undefined ? undefined : ADMIN_LABELS.has(label.trim().toLowerCase());
        roleName = label?.trim();
      } else if (ref && !ref.data && ref.block.labels[0] === 'vsphere_role') {
        admin = false; // a custom role: the VC-* rules judge its privileges
        roleRef = ref.block.labels[1];
        roleName = strOf(model, attr(ref.block.body, 'name')?.value) ?? roleRef;
      }
      out.push({
        roleRef,
        grant: {
          principal: strOf(model, attr(p.body, 'user_or_group')?.value),
          isGroup: boolOf(model, attr(p.body, 'is_group')?.value),
          role: { text: model.text.slice(roleAttr.value.start, roleAttr.value.end), admin, start: roleAttr.start, end: roleAttr.end },
          roleName,
          target,
          object: type ? `${type} ${object}` : object,
          propagate: boolOf(model, attr(p.body, 'propagate')?.value),
          start: p.start,
          end: p.end,
          locator: `${address(r)}/permissions[${i}]`,
          template: (lines) => commentLines(model, p.end, indentAt(model.text, p.start), lines),
        },
      });
    });
  }
  return out;
}

export function grants(model: HclModel): TfPermissionGrant[] {
  return grantsWithRoles(model).map((g) => g.grant);
}

const POLICY_NAMES: Record<PolicyKey, string> = { promiscuous: 'allow_promiscuous', forgedTransmits: 'allow_forged_transmits', macChanges: 'allow_mac_changes' };
/** The vSphere provider's documented defaults for a host virtual switch (forged transmits and MAC changes accepted). */
const VSS_DEFAULTS: Record<PolicyKey, boolean> = { promiscuous: false, forgedTransmits: true, macChanges: true };
const OVERRIDES = ['security_policy_override_allowed', 'vlan_override_allowed', 'uplink_teaming_override_allowed', 'shaping_override_allowed', 'netflow_override_allowed', 'traffic_filter_override_allowed', 'network_resource_pool_override_allowed', 'live_port_moving_allowed'];

const KINDS: Record<string, SwitchPolicy['kind']> = {
  vsphere_host_virtual_switch: 'standard-switch',
  vsphere_host_port_group: 'standard-portgroup',
  vsphere_distributed_virtual_switch: 'distributed-switch',
  vsphere_distributed_port_group: 'distributed-portgroup',
};

/**
 * The security policy of vSphere switches and port groups. Omitted settings of a host virtual switch
 * take the provider's defaults (promiscuous false, forged transmits and MAC changes true); omitted
 * settings of port groups are inherited, and those of distributed switches are left to vCenter.
 */
export function switchPolicies(model: HclModel): SwitchPolicy[] {
  const out: SwitchPolicy[] = [];
  for (const b of blocksOf(model, 'resource', ...Object.keys(KINDS))) {
    const kind = KINDS[b.labels[0]!]!;
    const name = strOf(model, attr(b.body, 'name')?.value) ?? address(b);
    const setting = (n: string, defaultValue?: boolean): PolicySetting | undefined => {
      const found = attrValue(model, b.body, n);
      const locator = `${address(b)}/${n}`;
      if (!found) return defaultValue === undefined ? undefined : { name: n, value: defaultValue, written: false, start: b.typeStart, end: b.headEnd, locator: `${locator}#default`, reject: [insertAttr(model, b.body, n, !defaultValue)] };
      const { attr: a, value } = found;
      const v = boolOf(model, a.value);
      const inPlace = value && !value.via;
      return { name: n, value: v, written: true, start: a.start, end: a.end, locator, reject: inPlace ? [setAttr(a, v === undefined ? false : !v)] : undefined, note: viaNote(value) };
    };
    const settings = new Map<PolicyKey, PolicySetting | undefined>();
    for (const key of Object.keys(POLICY_NAMES) as PolicyKey[]) settings.set(key, setting(POLICY_NAMES[key], kind === 'standard-switch' ? VSS_DEFAULTS[key] : undefined));
    const portOverrides: PolicySetting[] = [];
    if (kind === 'distributed-portgroup') {
      for (const n of OVERRIDES) {
        const s = setting(n);
        if (s?.value === true) portOverrides.push(s);
      }
      const reset = setting('port_config_reset_at_disconnect');
      if (reset?.value === false) portOverrides.push(reset);
    }
    out.push({ kind, name, locator: address(b), get: (key) => settings.get(key), portOverrides });
  }
  return out;
}

