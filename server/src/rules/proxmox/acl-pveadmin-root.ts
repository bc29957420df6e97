import type { FindingDraft, Rule } from '../../engine/types';
import type { UserCfgModel } from '../../formats/proxmox-user';
import { describeRecipient, grants, isAdministratorEquivalent, roleClass, scopeText } from '../../formats/proxmox-user/privileges';
import { ACCESS_CONTROL_SRC, pveDoc } from './common';
import { grantLocator, scopedAclTemplate } from './acl-common';

export const aclPveAdminRoot: Rule<UserCfgModel> = {
  meta: {
    id: 'PVE-ACL-PVEADMIN-ROOT',
    title: 'PVEAdmin (or an equivalent role) granted on / with propagation',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['proxmox-user'],
    risk: 'PVEAdmin lacks only the root-tier privileges, yet on `/` with propagation it still includes Sys.Console (a shell on every node), User.Modify and Group.Allocate (manage other accounts), VM.GuestAgent.Unrestricted (run commands in every guest) and full control of every VM and storage. A leaked account or token with it reaches everything in the cluster.',
    remedy: 'Grant PVEAdmin only where needed (a pool, a set of VMs), or a narrower role on `/`. The template action inserts a commented, scoped acl line to complete.',
    notes: 'Roles are compared by their effective privileges: a custom role holding at least what PVEAdmin holds counts, unless it holds every privilege or Permissions.Modify (then PVE-ACL-ADMIN-ROOT reports it). Non-propagated grants on `/` are not reported.',
    references: [ACCESS_CONTROL_SRC, pveDoc('pveum: Roles (PVEAdmin)')],
  },
  check(cfg, ctx) {
    const out: FindingDraft[] = [];
    for (const g of grants(cfg)) {
      if (g.acl.path !== '/' || !g.acl.propagate || g.subject.text === 'root@pam') continue;
      if (roleClass(g.privileges) !== 'pveadmin' || isAdministratorEquivalent(g.privileges)) continue;
      const role = g.role.text === 'PVEAdmin' ? 'PVEAdmin' : `role ${g.role.text} (at least PVEAdmin's privileges)`;
      out.push({
        start: g.subject.start,
        end: g.subject.end,
        locator: grantLocator(g),
        message: `${describeRecipient(cfg, g)} gets ${role} ${scopeText(g.acl)}: node shells, user management and every VM.`,
        templates: [scopedAclTemplate(g, ctx.text, cfg.index, 'PVEVMAdmin')],
      });
    }
    return out;
  },
};
