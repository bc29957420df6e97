import type { FindingDraft, Rule } from '../../engine/types';
import type { UserCfgModel } from '../../formats/proxmox-user';
import { describeRecipient, grants, scopeText } from '../../formats/proxmox-user/privileges';
import { ACCESS_CONTROL_SRC, pveDoc } from './common';

/** Privileges that let the holder take over nodes or other accounts, with what they allow. */
const DANGEROUS: Record<string, string> = {
  'Permissions.Modify': 'change any ACL',
  'Sys.Modify': 'change node settings',
  'Sys.Console': 'open a root shell on the node',
  'Sys.PowerMgmt': 'shut nodes down',
  'Realm.Allocate': 'change authentication realms',
  'User.Modify': 'change other users',
  'Group.Allocate': 'change groups',
  'Mapping.Modify': 'map host devices',
};

export const roleDangerousPriv: Rule<UserCfgModel> = {
  meta: {
    id: 'PVE-ROLE-DANGEROUS-PRIV',
    title: 'Custom role with node- or account-takeover privileges',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['proxmox-user'],
    risk: 'Custom roles written for monitoring or automation often pick up Sys.Modify, Sys.Console, Permissions.Modify or User.Modify "to make it work". These let the holder change node settings, open a root shell, rewrite ACLs or take over other accounts, so the monitoring token becomes a cluster administrator.',
    remedy: 'Give the role only what the tool needs (monitoring: Sys.Audit, VM.Audit, Datastore.Audit; automation: the VM.* and Datastore.* privileges on its pool). The Proxmox docs advise handling Permissions.Modify and Sys.Modify with care.',
    notes: 'Reports custom `role:` records; built-in roles are judged where they are granted (PVE-ACL-*). Severity is high when an acl in the file grants the role, low when nothing grants it yet.',
    references: [ACCESS_CONTROL_SRC, pveDoc('pveum: Privileges (Permissions.Modify, Sys.Modify)')],
  },
  check(cfg) {
    const out: FindingDraft[] = [];
    const all = grants(cfg);
    for (const role of cfg.roles.values()) {
      const bad = role.privileges.filter((p) => DANGEROUS[p.text] !== undefined);
      const first = bad[0];
      if (!first) continue;
      const uses = all.filter((g) => g.role.text === role.name);
      const what = bad.map((p) => `${p.text} (${DANGEROUS[p.text]})`).join(', ');
      const where = uses.length > 0 ? `granted to ${uses.slice(0, 3).map((g) => `${describeRecipient(cfg, g)} ${scopeText(g.acl)}`).join('; ')}${uses.length > 3 ? `; and ${uses.length - 3} more` : ''}` : 'not granted by any acl in this file yet';
      out.push({
        start: first.start,
        end: bad[bad.length - 1]!.end,
        severity: uses.length > 0 ? 'high' : 'low',
        locator: `role:${role.name}`,
        message: `role ${role.name} holds ${what}; ${where}.`,
      });
    }
    return out;
  },
};
