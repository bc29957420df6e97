import type { FindingDraft, Rule } from '../../engine/types';
import type { UserCfgModel } from '../../formats/proxmox-user';
import { effectivePrivileges, grants, groupMembers, isAdministratorEquivalent } from '../../formats/proxmox-user/privileges';
import { ACCESS_CONTROL_SRC, commentTemplate, pveDoc } from './common';

export const tokenNoPrivsep: Rule<UserCfgModel> = {
  meta: {
    id: 'PVE-TOKEN-NOPRIVSEP',
    title: 'API token without privilege separation',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['proxmox-user'],
    risk: 'A token with privsep 0 carries every right of its user, now and whenever the user gains more. Tokens live in CI variables, Home Assistant or Terraform configs and leak with them; a `root@pam!...` token without separation is a permanent root credential for the whole cluster that bypasses two-factor authentication.',
    remedy: 'Recreate the token with privilege separation (`pveum user token add <user> <id> --privsep 1`) and grant it its own narrow acl lines; set an expiry. There is no quick fix: switching privsep on silently drops all of the token\'s rights. The template action inserts a commented privilege-separated record to complete.',
    notes: 'A missing privsep field reads as 0, as Proxmox parses it. Severity is critical for root@pam tokens and for tokens whose user is Administrator-equivalent on `/` (every privilege, or Permissions.Modify).',
    references: [ACCESS_CONTROL_SRC, pveDoc('pveum: API tokens (privilege separation)')],
  },
  check(cfg, ctx) {
    const out: FindingDraft[] = [];
    const all = grants(cfg);
    for (const token of cfg.tokens.values()) {
      if (token.privsep) continue;
      const root = token.user === 'root@pam';
      const admin = root || isAdministratorEquivalent(effectivePrivileges(cfg, token.user, '/'));
      const userGrants = all.filter((g) => g.role.text !== 'NoAccess' && (g.subject.text === token.user || (g.kind === 'group' && groupMembers(cfg, g.subject.text.slice(1)).includes(token.user))));
      const rights = root
        ? 'every privilege on every node, VM and user'
        : userGrants.length > 0
          ? [...new Set(userGrants.map((g) => `${g.role.text} on ${g.acl.path}${g.kind === 'group' ? ` (via ${g.subject.text})` : ''}`))].slice(0, 4).join(', ')
          : 'nothing yet, and every future grant to the user';
      const at = token.privsepSpan && token.privsepSpan.text !== '' ? token.privsepSpan : token.idSpan;
      out.push({
        start: at.start,
        end: at.end,
        severity: admin ? 'critical' : 'high',
        locator: `token:${token.id}`,
        message: `token ${token.id} has no privilege separation: it acts with all of ${token.user}'s rights (${rights})${token.expire === 0 ? ' and never expires' : ''}.`,
        templates: [
          commentTemplate(
            'Insert a commented privilege-separated token record (complete it and add its own acl lines)',
            ctx.text,
            cfg.index,
            token.record.line,
            `# vharden template: token:${token.id}:<expire epoch>:1::   then acl:1:/pool/<pool>:${token.id}:<role>:`,
          ),
        ],
      });
    }
    return out;
  },
};
