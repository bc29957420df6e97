/**
 * What a permission grants, shown above it (code lens): above a Proxmox `acl:` line and above a vCenter
 * permission (Ansible `vmware_object_role_permission`, Terraform `vsphere_entity_permissions`, a vSphere
 * snapshot's permissions) the roles, the path or object, whether it propagates and the privileges the
 * roles hold. Roles resolve as the rules resolve them: Proxmox built-in roles and `role:` records of the
 * same user.cfg; vCenter system roles and the custom roles the same file defines (PRIVILEGE_SETS), with
 * the privileges the VC-PRIV-* rules report named first. Pure: text in, positions and titles out.
 */
import { formatById } from '../catalog';
import type { UserCfgModel } from '../formats/proxmox-user';
import { ALL_PRIVILEGES, isAdministratorEquivalent, rolePrivileges } from '../formats/proxmox-user/privileges';
import { PERMISSION_GRANTS, PRIVILEGE_SETS, TF_PERMISSION_GRANTS, type PermissionGrant, type PrivilegeSet, type TfPermissionGrant } from '../formats/vsphere/carriers';
import { FLAGGED_PRIVILEGES } from '../rules/vc';
import type { FactLens } from './lenses';
import { LineIndex } from './text';

/** The formats whose permissions get a lens. */
export const PERMISSION_LENS_FORMATS: readonly string[] = ['proxmox-user', 'ansible', 'terraform', 'vsphere-snapshot'];

/** Lenses above every ACL line or vCenter permission of `text`, read as format `formatId`; [] for other formats or unreadable text. */
export function permissionLenses(formatId: string, text: string, path = ''): FactLens[] {
  const format = formatById(formatId);
  if (!format || !PERMISSION_LENS_FORMATS.includes(formatId)) return [];
  let model: unknown;
  try {
    model = format.parse(text, { path }).model;
  } catch {
    return [];
  }
  const index = new LineIndex(text);
  const lens = (start: number, end: number, title: string): FactLens => {
    const a = index.position(start);
    const b = index.position(end);
    return { line: a.line, character: a.character, endLine: b.line, endCharacter: b.character, title };
  };
  if (formatId === 'proxmox-user') return (model as UserCfgModel).acls.map((acl) => lens(acl.record.start, acl.record.end, proxmoxTitle(model as UserCfgModel, acl)));
  const carriers = format.carriers?.(model) ?? {};
  const sets = (carriers[PRIVILEGE_SETS] ?? []) as PrivilegeSet[];
  const out: FactLens[] = [];
  for (const g of (carriers[PERMISSION_GRANTS] ?? []) as PermissionGrant[]) {
    out.push(lens(g.start, g.end, vcenterTitle(g.role, g.object, g.propagate, g.principal, sets)));
  }
  for (const g of (carriers[TF_PERMISSION_GRANTS] ?? []) as TfPermissionGrant[]) {
    const role = g.role.admin ? 'Admin' : (g.roleName ?? g.role.text);
    const principal = g.principal === undefined ? 'a computed principal' : g.isGroup ? `group ${g.principal}` : g.principal;
    out.push(lens(g.start, g.end, vcenterTitle(role, g.object, g.propagate, principal, sets)));
  }
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** Proxmox privileges worth naming first: what only Administrator holds, then what administers users, guests and storage. */
const PVE_NOTABLE = [
  'Permissions.Modify', 'Sys.Modify', 'Realm.Allocate', 'Sys.PowerMgmt', 'Sys.Incoming', 'Sys.AccessNetwork', 'Mapping.Modify',
  'Sys.Console', 'User.Modify', 'Realm.AllocateUser', 'Group.Allocate', 'VM.Allocate', 'VM.Config.HWType', 'VM.GuestAgent.Unrestricted',
  'Datastore.Allocate', 'SDN.Allocate', 'Pool.Allocate', 'VM.Migrate', 'VM.Console', 'VM.PowerMgmt', 'VM.Backup', 'VM.Snapshot',
];

function proxmoxTitle(cfg: UserCfgModel, acl: UserCfgModel['acls'][number]): string {
  // the parser keeps the roles Proxmox applies: built-in ones and those defined above the line
  const roles = acl.roles.map((r) => r.text);
  const privs = new Set<string>();
  for (const r of roles) for (const p of rolePrivileges(cfg, r) ?? []) privs.add(p);
  const head = `${list(roles, 3) || 'No role defined above this line'} on ${acl.path} (${acl.propagate ? 'propagates' : 'this path only'}) for ${list(acl.subjects.map((s) => s.text), 2) || 'nobody'}`;
  let what: string;
  if (roles.includes('NoAccess')) what = 'no privileges (NoAccess overrides the other roles here)';
  else if ([...ALL_PRIVILEGES].every((p) => privs.has(p))) what = `all ${ALL_PRIVILEGES.size} privileges incl. ${PVE_NOTABLE.slice(0, 2).join(', ')}`;
  else if (privs.size === 0) what = roles.length ? 'no privileges' : 'Proxmox ignores this acl';
  else what = `${count(privs.size)}${privilegeList(ranked([...privs], PVE_NOTABLE))}${isAdministratorEquivalent(privs) ? ' · can grant itself any role here (Permissions.Modify)' : ''}`;
  return `${head}: ${what}`;
}

/** vCenter system roles (their ids: Admin -1, ReadOnly -2, View -3, Anonymous -4, NoAccess -5), by lower-case name. */
const VC_SYSTEM_ROLES: ReadonlyMap<string, readonly string[] | 'all'> = new Map<string, readonly string[] | 'all'>([
  ['admin', 'all'],
  ['administrator', 'all'],
  ['readonly', ['System.Anonymous', 'System.View', 'System.Read']],
  ['view', ['System.Anonymous', 'System.View']],
  ['anonymous', ['System.Anonymous']],
  ['noaccess', []],
]);

function vcenterTitle(role: string, object: string | undefined, propagate: boolean | undefined, principal: string, sets: readonly PrivilegeSet[]): string {
  const where = `${object ?? 'an object this file does not name'}${propagate === true ? ' (propagates)' : propagate === false ? ' (this object only)' : ''}`;
  const head = `${role} on ${where} for ${principal}`;
  const custom = sets.find((s) => s.role === role) ?? sets.find((s) => s.role?.toLowerCase() === role.toLowerCase());
  const system = VC_SYSTEM_ROLES.get(role.toLowerCase());
  if (custom) {
    const ids = [...new Set(custom.items.map((i) => i.id))];
    if (ids.length === 0) return `${head}: no privileges listed`;
    const flagged = ids.flatMap((id) => {
      const rule = FLAGGED_PRIVILEGES.findIndex((f) => f.match(id));
      return rule < 0 ? [] : [{ id, rule }];
    }).sort((a, b) => a.rule - b.rule);
    if (flagged.length === 0) return `${head}: ${count(ids.length)}${privilegeList(ids)}`;
    const named = flagged.slice(0, 2).map((f) => `${f.id} (${FLAGGED_PRIVILEGES[f.rule]!.rule})`);
    const more = flagged.length > 2 ? ` and ${flagged.length - 2} more a rule reports` : '';
    return `${head}: ${count(ids.length)} incl. ${named.join(', ')}${more}`;
  }
  if (system === 'all') return `${head}: every privilege, incl. Authorization.ModifyPermissions`;
  if (system) return `${head}: ${system.length ? `${count(system.length)}: ${system.join(', ')}` : 'no privileges (NoAccess overrides inherited ones)'}`;
  return `${head}: a role this file does not define (its privileges are not known here)`;
}

function count(n: number): string {
  return `${n} privilege${n === 1 ? '' : 's'}`;
}

/** ": a, b, c" for up to three privileges, else " incl. a, b". */
function privilegeList(privs: readonly string[]): string {
  return privs.length <= 3 ? `: ${privs.join(', ')}` : ` incl. ${privs.slice(0, 2).join(', ')}`;
}

/** The privileges in `order` first (in that order), then the rest sorted. */
function ranked(privs: string[], order: readonly string[]): string[] {
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
  return privs.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** "a, b" or "a, b and 3 more". */
function list(items: readonly string[], max: number): string {
  const unique = [...new Set(items)];
  return unique.length <= max ? unique.join(', ') : `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}
