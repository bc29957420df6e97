/**
 * The Proxmox VE privilege model: built-in roles, custom roles from `role:` records, groups resolved to
 * users, tokens, and how ACLs propagate down the path tree.
 *
 * The privilege groups below follow `$privgroups` and `create_roles` in pve-access-control
 * `src/PVE/AccessControl.pm` (looked up at commit 5ccd07d9, May 2026): per category, `root` privileges
 * only Administrator holds, `admin` + `user` + `audit` build `PVE<Cat>Admin` and `PVEAdmin`, `user` +
 * `audit` build `PVE<Cat>User` (only for categories with user privileges), `audit` builds `PVEAuditor`.
 * `Permissions.Modify` is in no group (Administrator only); `Mapping.Modify` is removed from PVEAdmin.
 * The resolution in `effectiveRoles` follows `roles()` in the same file.
 */
import type { PveAclRecord, Span, UserCfgModel } from './parser';

interface PrivGroup {
  root: string[];
  admin: string[];
  user: string[];
  audit: string[];
}

const PRIV_GROUPS: Record<string, PrivGroup> = {
  VM: {
    root: [],
    admin: ['VM.Config.Disk', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.HWType', 'VM.Config.Options', 'VM.Allocate', 'VM.Clone', 'VM.GuestAgent.Unrestricted', 'VM.Migrate', 'VM.Replicate', 'VM.Snapshot', 'VM.Snapshot.Rollback'],
    user: ['VM.Config.CDROM', 'VM.Config.Cloudinit', 'VM.Console', 'VM.Backup', 'VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt', 'VM.GuestAgent.FileWrite', 'VM.PowerMgmt'],
    audit: ['VM.Audit', 'VM.GuestAgent.Audit'],
  },
  Sys: {
    root: ['Sys.PowerMgmt', 'Sys.Modify', 'Sys.Incoming', 'Sys.AccessNetwork'],
    admin: ['Sys.Console', 'Sys.Syslog'],
    user: [],
    audit: ['Sys.Audit'],
  },
  Datastore: { root: [], admin: ['Datastore.Allocate', 'Datastore.AllocateTemplate'], user: ['Datastore.AllocateSpace'], audit: ['Datastore.Audit'] },
  SDN: { root: [], admin: ['SDN.Allocate', 'SDN.Audit'], user: ['SDN.Use'], audit: ['SDN.Audit'] },
  User: { root: ['Realm.Allocate'], admin: ['User.Modify', 'Group.Allocate', 'Realm.AllocateUser'], user: [], audit: [] },
  Pool: { root: [], admin: ['Pool.Allocate'], user: ['Pool.Audit'], audit: ['Pool.Audit'] },
  Mapping: { root: [], admin: ['Mapping.Modify'], user: ['Mapping.Use'], audit: ['Mapping.Audit'] },
};

/**
 * Privileges of older releases that user.cfg files still carry. `VM.Monitor` (Proxmox VE 8 and earlier)
 * covered the QEMU monitor and every guest-agent command; Proxmox VE 9 split it into `Sys.Audit` and
 * `VM.GuestAgent.*`.
 */
export const LEGACY_PRIVILEGES: readonly string[] = ['VM.Monitor'];

/** Privileges the Proxmox docs reserve for root-level administration (PVEAdmin lacks them). */
export const ROOT_TIER: readonly string[] = ['Sys.PowerMgmt', 'Sys.Modify', 'Sys.Incoming', 'Sys.AccessNetwork', 'Realm.Allocate', 'Permissions.Modify', 'Mapping.Modify'];

function buildRoles(): { all: Set<string>; roles: Map<string, Set<string>> } {
  const all = new Set<string>(['Permissions.Modify']);
  const roles = new Map<string, Set<string>>();
  const add = (role: string, privs: string[]) => {
    let set = roles.get(role);
    if (!set) roles.set(role, (set = new Set()));
    for (const p of privs) set.add(p);
  };
  add('PVEAdmin', []);
  add('PVEAuditor', []);
  for (const [cat, g] of Object.entries(PRIV_GROUPS)) {
    for (const p of [...g.root, ...g.admin, ...g.user, ...g.audit]) all.add(p);
    add(`PVE${cat}Admin`, [...g.admin, ...g.user, ...g.audit]);
    add('PVEAdmin', [...g.admin, ...g.user, ...g.audit]);
    if (g.user.length > 0) add(`PVE${cat}User`, [...g.user, ...g.audit]);
    add('PVEAuditor', g.audit);
  }
  roles.get('PVEAdmin')!.delete('Mapping.Modify');
  roles.set('PVETemplateUser', new Set(['VM.Clone', 'VM.Audit']));
  roles.set('NoAccess', new Set());
  roles.set('Administrator', all);
  return { all, roles };
}

const BUILT = buildRoles();
/** Every current privilege (what Administrator holds). */
export const ALL_PRIVILEGES: ReadonlySet<string> = BUILT.all;
export const BUILTIN_ROLES: ReadonlyMap<string, ReadonlySet<string>> = BUILT.roles;

export function isPrivilege(name: string): boolean {
  return ALL_PRIVILEGES.has(name) || LEGACY_PRIVILEGES.includes(name);
}

export function isBuiltinRole(name: string): boolean {
  return BUILTIN_ROLES.has(name);
}

export function rolePrivileges(cfg: UserCfgModel, role: string): ReadonlySet<string> | undefined {
  const builtin = BUILTIN_ROLES.get(role);
  if (builtin) return builtin;
  const custom = cfg.roles.get(role);
  return custom ? new Set(custom.privileges.map((p) => p.text)) : undefined;
}

/** 'administrator' when a role holds every privilege, 'pveadmin' when it holds at least what PVEAdmin holds. */
export function roleClass(privs: ReadonlySet<string>): 'administrator' | 'pveadmin' | undefined {
  const covers = (set: ReadonlySet<string>) => [...set].every((p) => privs.has(p));
  if (covers(ALL_PRIVILEGES)) return 'administrator';
  if (covers(BUILTIN_ROLES.get('PVEAdmin')!)) return 'pveadmin';
  return undefined;
}

/**
 * True when holding these privileges on a path amounts to Administrator there: every privilege, or
 * Permissions.Modify, which lets the holder hand out any role on the path, Administrator included
 * (`update_acl` in pve-access-control `src/PVE/API2/ACL.pm` only limits holders without it).
 */
export function isAdministratorEquivalent(privs: ReadonlySet<string>): boolean {
  return roleClass(privs) === 'administrator' || privs.has('Permissions.Modify');
}

export type SubjectKind = 'user' | 'group' | 'token';

export function subjectKind(ugid: string): SubjectKind {
  return ugid.startsWith('@') ? 'group' : ugid.includes('!') ? 'token' : 'user';
}

/** Users a group lists (in file order, without duplicates). */
export function groupMembers(cfg: UserCfgModel, group: string): string[] {
  return [...new Set((cfg.groups.get(group)?.members ?? []).map((m) => m.text))];
}

/** path → subject (`alice@pam`, `@ops`, `ci@pve!x`) → role → propagate; a later acl line for the same triple wins, as in Proxmox. */
const TREES = new WeakMap<UserCfgModel, Map<string, Map<string, Map<string, boolean>>>>();

function aclTree(cfg: UserCfgModel): Map<string, Map<string, Map<string, boolean>>> {
  const cached = TREES.get(cfg);
  if (cached) return cached;
  const tree = new Map<string, Map<string, Map<string, boolean>>>();
  TREES.set(cfg, tree);
  for (const a of cfg.acls) {
    let level = tree.get(a.path);
    if (!level) tree.set(a.path, (level = new Map()));
    for (const s of a.subjects) {
      let roles = level.get(s.text);
      if (!roles) level.set(s.text, (roles = new Map()));
      for (const r of a.roles) roles.set(r.text, a.propagate);
    }
  }
  return tree;
}

/**
 * The roles a user or token holds on `path` (role → propagate), as Proxmox computes them: walking from
 * `/` down, the entries of each level replace those inherited from above (only propagated ones are
 * inherited); at one level token entries beat user entries, and user entries beat group entries.
 * NoAccess wins over everything. root@pam is Administrator everywhere; a token without privilege
 * separation holds exactly its user's roles.
 */
export function effectiveRoles(cfg: UserCfgModel, principal: string, path: string): Map<string, boolean> {
  if (principal === 'root@pam') return new Map([['Administrator', true]]);
  if (subjectKind(principal) === 'token') {
    const token = cfg.tokens.get(principal);
    if (!token) return new Map();
    if (!token.privsep) return effectiveRoles(cfg, token.user, path);
  }
  const tree = aclTree(cfg);
  const parts = path === '/' ? [''] : path.split('/');
  let roles = new Map<string, boolean>();
  let cur = '';
  for (let i = 0; i < parts.length; i++) {
    cur = i === 0 ? '/' : `${cur === '/' ? '' : cur}/${parts[i]}`;
    const final = i === parts.length - 1;
    const level = tree.get(cur);
    if (!level) continue;
    const pick = (subjects: string[]): Map<string, boolean> | undefined => {
      let found: Map<string, boolean> | undefined;
      for (const s of subjects) {
        for (const [role, propagate] of level.get(s) ?? []) {
          if (!final && !propagate) continue;
          found ??= new Map();
          found.set(role, propagate);
        }
      }
      return found;
    };
    const kind = subjectKind(principal);
    const groups = [...level.keys()].filter((ugid) => subjectKind(ugid) === 'group' && groupMembers(cfg, ugid.slice(1)).includes(principal));
    const next = (kind === 'token' ? pick([principal]) : undefined) ?? (kind === 'user' ? pick([principal]) : undefined) ?? pick(groups);
    if (next) roles = next;
  }
  if (roles.has('NoAccess')) return new Map([['NoAccess', roles.get('NoAccess')!]]);
  return roles;
}

/** The privileges a user or token holds on `path`. A privilege-separated token never exceeds its user. */
export function effectivePrivileges(cfg: UserCfgModel, principal: string, path: string): Set<string> {
  const out = new Set<string>();
  for (const role of effectiveRoles(cfg, principal, path).keys()) for (const p of rolePrivileges(cfg, role) ?? []) out.add(p);
  const token = subjectKind(principal) === 'token' ? cfg.tokens.get(principal) : undefined;
  if (token?.privsep) {
    const user = effectivePrivileges(cfg, token.user, path);
    for (const p of [...out]) if (!user.has(p)) out.delete(p);
  }
  return out;
}

/** One (subject, role) pair of an `acl:` record. */
export interface Grant {
  acl: PveAclRecord;
  subject: Span;
  kind: SubjectKind;
  role: Span;
  privileges: ReadonlySet<string>;
}

export function grants(cfg: UserCfgModel): Grant[] {
  const out: Grant[] = [];
  for (const acl of cfg.acls) {
    for (const role of acl.roles) {
      const privileges = rolePrivileges(cfg, role.text);
      if (!privileges) continue;
      for (const subject of acl.subjects) out.push({ acl, subject, kind: subjectKind(subject.text), role, privileges });
    }
  }
  return out;
}

/**
 * Who actually receives a grant: "group operators (alice@pam, bob@pve)", "user alice@pam",
 * "token ci@pve!deploy (no privilege separation)". Group members whose own ACL on the same path
 * overrides the group's are left out of the list.
 */
export function describeRecipient(cfg: UserCfgModel, g: Grant): string {
  const id = g.subject.text;
  if (g.kind === 'group') {
    const name = id.slice(1);
    if (!cfg.groups.has(name)) return `group ${name} (not defined in user.cfg)`;
    const members = groupMembers(cfg, name);
    const receiving = members.filter((m) => effectiveRoles(cfg, m, g.acl.path).has(g.role.text));
    if (members.length === 0) return `group ${name} (no members yet; whoever is added gets it)`;
    const overridden = members.length - receiving.length;
    return `group ${name} (${receiving.join(', ') || 'no member at the moment'}${overridden > 0 ? `; ${overridden} member${overridden > 1 ? 's' : ''} overridden by their own acl` : ''})`;
  }
  if (g.kind === 'token') {
    const token = cfg.tokens.get(id);
    return `token ${id}${token && !token.privsep ? ' (no privilege separation)' : ''}`;
  }
  return `user ${id}${cfg.users.get(id)?.enabled === false ? ' (account disabled)' : ''}`;
}

/** "on / and everything below it", "on /vms/100 only". */
export function scopeText(acl: PveAclRecord): string {
  return acl.propagate ? `on ${acl.path} and everything below it` : `on ${acl.path} only`;
}
