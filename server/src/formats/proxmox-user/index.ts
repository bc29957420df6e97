import type { ContextFacts } from '../../engine/context';
import type { Format } from '../../engine/types';
import { parseUserCfg, type UserCfgModel } from './parser';
import { isBuiltinRole, isPrivilege } from './privileges';

export type { UserCfgModel };

const RECORD = /^(user|group|role|acl|token|pool):[^:\n]*:/;

export const pveUserFormat: Format<UserCfgModel> = {
  id: 'proxmox-user',
  name: 'Proxmox VE user.cfg',
  languageId: 'proxmox-user',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)pve\/user\.cfg$/i.test(path),
  matchesContent: (text) => {
    let records = 0;
    for (const raw of text.slice(0, 8192).split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (!RECORD.test(line)) return false;
      records++;
    }
    return records > 0;
  },
  parse: (text) => {
    const { model, comments, diagnostics } = parseUserCfg(text, { isPrivilege, isBuiltinRole });
    return { format: 'proxmox-user', model, comments, diagnostics };
  },
  context: (model) => userCfgContext(model),
};

/**
 * What user.cfg shows about its cluster, for the other files of its tree: ACLs that grant rights on
 * single VMs or pools (`/vms/<id>`, `/pool/<name>`) to users other than root@pam are how Proxmox
 * hands guests to other people, so the host is shared by several tenants.
 */
function userCfgContext(m: UserCfgModel): ContextFacts {
  const subjects = new Set<string>();
  for (const acl of m.acls) {
    if (!/^\/(vms|pool)\//.test(acl.path)) continue;
    for (const s of acl.subjects) if (s.text !== 'root@pam') subjects.add(s.text);
  }
  if (subjects.size === 0) return { product: 'Proxmox', evidence: [] };
  const names = [...subjects].slice(0, 3).join(', ') + (subjects.size > 3 ? ', …' : '');
  return { product: 'Proxmox', evidence: [{ kind: 'server', scope: 'host', tenants: true, text: `user.cfg grants VMs or pools to ${names}` }] };
}
