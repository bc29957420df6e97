import { LineIndex } from '../../engine/text';
import type { Comment, ToolDiagnostic } from '../../engine/types';
import { isSpace, parseError, truncate } from '../proxmox-common/kv';
import { diagnosticList } from '../../engine/diagnostics';

/** A piece of a record with its exact offsets (a colon-separated field, or one item of a list inside it). */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/** One `type:field:field:...` line of user.cfg. `fields` excludes the type and is trimmed like Proxmox trims them. */
export interface UserCfgRecord {
  type: Span;
  fields: Span[];
  line: number;
  start: number;
  end: number;
}

export interface PveUserRecord {
  id: string;
  enabled: boolean;
  record: UserCfgRecord;
}

export interface PveGroupRecord {
  name: string;
  members: Span[];
  record: UserCfgRecord;
}

export interface PveRoleRecord {
  name: string;
  nameSpan: Span;
  privileges: Span[];
  record: UserCfgRecord;
}

export interface PveAclRecord {
  propagate: boolean;
  /** normalised the way Proxmox does (`/vms/100/` → `/vms/100`) */
  path: string;
  pathSpan: Span;
  subjects: Span[];
  roles: Span[];
  record: UserCfgRecord;
}

export interface PveTokenRecord {
  /** `user@realm!name` */
  id: string;
  user: string;
  idSpan: Span;
  /** 0 = never */
  expire: number;
  privsep: boolean;
  /** the privsep field, when the record has one */
  privsepSpan?: Span;
  record: UserCfgRecord;
}

export interface UserCfgModel {
  index: LineIndex;
  users: Map<string, PveUserRecord>;
  groups: Map<string, PveGroupRecord>;
  /** custom roles (built-in names cannot be redefined: Proxmox overwrites them) */
  roles: Map<string, PveRoleRecord>;
  acls: PveAclRecord[];
  tokens: Map<string, PveTokenRecord>;
}

const RECORD_TYPES = ['user', 'group', 'role', 'acl', 'pool', 'token'];
const USERID = /^[^\s:/@!]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
const TOKENID = /^([^\s:/@!]+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/;
const NAME = /^[A-Za-z0-9.\-_]+$/;
/** pools may nest up to three levels (Proxmox VE 8.1+) */
const POOL = /^[A-Za-z0-9.\-_]+(?:\/[A-Za-z0-9.\-_]+){0,2}$/;

/** Perl truthiness of a config field: '' and '0' are false. */
function truthy(s: string | undefined): boolean {
  return s !== undefined && s !== '' && s !== '0';
}

/** Proxmox's split_list: items separated by commas, semicolons or whitespace. */
export function splitList(span: Span | undefined): Span[] {
  if (!span) return [];
  const out: Span[] = [];
  const t = span.text;
  let i = 0;
  while (i < t.length) {
    while (i < t.length && /[,;\s]/.test(t[i]!)) i++;
    const s = i;
    while (i < t.length && !/[,;\s]/.test(t[i]!)) i++;
    if (i > s) out.push({ text: t.slice(s, i), start: span.start + s, end: span.start + i });
  }
  return out;
}

export function normalizeAclPath(p: string): string | undefined {
  let path = p.replace(/\/+/g, '/').replace(/\/$/, '');
  if (path === '') path = '/';
  if (!path.startsWith('/')) path = '/' + path;
  return /^[A-Za-z0-9.\-_/]+$/.test(path) ? path : undefined;
}

export interface KnownPrivileges {
  isPrivilege(name: string): boolean;
  isBuiltinRole(name: string): boolean;
}

export function parseUserCfg(text: string, known: KnownPrivileges): { model: UserCfgModel; comments: Comment[]; diagnostics: ToolDiagnostic[] } {
  const index = new LineIndex(text);
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  const model: UserCfgModel = { index, users: new Map(), groups: new Map(), roles: new Map(), acls: [], tokens: new Map() };
  const diag = (s: Span | UserCfgRecord, line: number, message: string) => diagnostics.push(parseError(s.start, s.end, line, message));

  for (let line = 0; line < index.lineCount; line++) {
    const ls = index.lineStart(line);
    const le = index.lineEnd(line);
    let i = ls;
    while (i < le && isSpace(text.charCodeAt(i))) i++;
    let end = le;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    if (i === end) continue;
    if (text[i] === '#') {
      comments.push({ start: i, end: le, text: text.slice(i + 1, le), trailing: false });
      continue;
    }
    const parts: Span[] = [];
    let s = i;
    for (let p = i; p <= end; p++) {
      if (p === end || text[p] === ':') {
        let a = s;
        let b = p;
        while (a < b && isSpace(text.charCodeAt(a))) a++;
        while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
        parts.push({ text: text.slice(a, b), start: a, end: b });
        s = p + 1;
      }
    }
    const type = parts[0]!;
    const record: UserCfgRecord = { type, fields: parts.slice(1), line, start: i, end };
    const f = record.fields;
    if (!RECORD_TYPES.includes(type.text)) {
      diag(record, line, f.length === 0 ? `Proxmox ignores this line: a user.cfg record is \`type:field:...:\`.` : `Proxmox ignores this line: \`${truncate(type.text, 30)}\` is not a user.cfg record type (${RECORD_TYPES.join(', ')}).`);
      continue;
    }
    const extra = (expected: number, shape: string) => {
      const beyond = f.slice(expected).find((x) => x.text !== '');
      if (beyond) diag(beyond, line, `Unexpected field \`${truncate(beyond.text, 40)}\`: a ${type.text} record is \`${shape}\`; Proxmox ignores what follows (a stray \`:\` shifts the fields).`);
    };
    switch (type.text) {
      case 'user': {
        const id = f[0];
        if (!id || !USERID.test(id.text)) {
          diag(id && id.text ? id : record, line, `Proxmox ignores this user: \`${id?.text ?? ''}\` is not a user id of the form name@realm.`);
          break;
        }
        if (f[2] && f[2].text !== '' && !/^\d+$/.test(f[2].text)) {
          diag(f[2], line, `Proxmox ignores user ${id.text}: the expiry \`${truncate(f[2].text, 20)}\` is not a number.`);
          break;
        }
        extra(8, 'user:<userid>:<enable>:<expire>:<first>:<last>:<email>:<comment>:<keys>:');
        model.users.set(id.text, { id: id.text, enabled: truthy(f[1]?.text), record });
        break;
      }
      case 'group': {
        const name = f[0];
        if (!name || !NAME.test(name.text)) {
          diag(name && name.text ? name : record, line, `Proxmox ignores this group: \`${name?.text ?? ''}\` is not a valid group name.`);
          break;
        }
        extra(3, 'group:<name>:<users>:<comment>:');
        const prev = model.groups.get(name.text);
        const members = splitList(f[1]);
        model.groups.set(name.text, { name: name.text, members: prev ? [...prev.members, ...members] : members, record });
        break;
      }
      case 'role': {
        const name = f[0];
        if (!name || !NAME.test(name.text)) {
          diag(name && name.text ? name : record, line, `Proxmox ignores this role: \`${name?.text ?? ''}\` is not a valid role name.`);
          break;
        }
        extra(2, 'role:<name>:<privileges>:');
        const privileges: Span[] = [];
        for (const p of splitList(f[1])) {
          if (known.isPrivilege(p.text)) privileges.push(p);
          else diag(p, line, `Proxmox ignores \`${truncate(p.text, 40)}\`: it is not a privilege.`);
        }
        if (known.isBuiltinRole(name.text)) {
          diag(name, line, `\`${name.text}\` is a built-in role; Proxmox replaces this definition with its own.`);
          break;
        }
        model.roles.set(name.text, { name: name.text, nameSpan: name, privileges, record });
        break;
      }
      case 'acl': {
        const [prop, pathSpan, ugs, roles] = f;
        const path = pathSpan ? normalizeAclPath(pathSpan.text) : undefined;
        if (!pathSpan || path === undefined) {
          diag(pathSpan && pathSpan.text ? pathSpan : record, line, `Proxmox ignores this acl: \`${pathSpan?.text ?? ''}\` is not an ACL path.`);
          break;
        }
        extra(4, 'acl:<propagate>:<path>:<users,@groups,tokens>:<roles>:');
        const listed = splitList(ugs);
        const subjects: Span[] = [];
        for (const u of listed) {
          if (!u.text.includes('!') || model.tokens.has(u.text)) subjects.push(u);
          else diag(u, line, `Token \`${truncate(u.text, 60)}\` is not defined above this line; Proxmox ignores it in this acl.`);
        }
        const roleItems = splitList(roles);
        if (listed.length === 0 || roleItems.length === 0) {
          diag(listed.length === 0 ? (ugs ?? pathSpan) : (roles ?? record), line, `Proxmox ignores this acl: it has no ${listed.length === 0 ? 'users, groups or tokens' : 'roles'}.`);
          break;
        }
        const valid: Span[] = [];
        for (const r of roleItems) {
          if (known.isBuiltinRole(r.text) || model.roles.has(r.text)) valid.push(r);
          else diag(r, line, `Role \`${truncate(r.text, 40)}\` is not defined above this line; Proxmox ignores it in this acl.`);
        }
        model.acls.push({ propagate: truthy(prop?.text), path, pathSpan, subjects, roles: valid, record });
        break;
      }
      case 'token': {
        const id = f[0];
        const m = id ? TOKENID.exec(id.text) : null;
        if (!id || !m) {
          diag(id && id.text ? id : record, line, `Proxmox ignores this token: \`${id?.text ?? ''}\` is not a token id of the form user@realm!name.`);
          break;
        }
        if (f[1] && f[1].text !== '' && !/^\d+$/.test(f[1].text)) {
          diag(f[1], line, `Proxmox ignores token ${id.text}: the expiry \`${truncate(f[1].text, 20)}\` is not a number.`);
          break;
        }
        if (!model.users.has(m[1]!) && m[1] !== 'root@pam') {
          diag(id, line, `Proxmox ignores token ${id.text}: user ${m[1]} is not defined above this line.`);
          break;
        }
        extra(4, 'token:<user@realm!name>:<expire>:<privsep>:<comment>:');
        const privsepSpan = f[2];
        model.tokens.set(id.text, { id: id.text, user: m[1]!, idSpan: id, expire: f[1] && f[1].text !== '' ? Number(f[1].text) : 0, privsep: truthy(privsepSpan?.text), privsepSpan, record });
        break;
      }
      case 'pool': {
        const name = f[0];
        if (!name || !POOL.test(name.text)) diag(name && name.text ? name : record, line, `Proxmox ignores this pool: \`${name?.text ?? ''}\` is not a valid pool name.`);
        else extra(4, 'pool:<name>:<comment>:<vmids>:<storages>:');
        break;
      }
    }
  }
  return { model, comments, diagnostics };
}
