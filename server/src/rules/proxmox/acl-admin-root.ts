import type { FindingDraft, Rule } from '../../engine/types';
import type { UserCfgModel } from '../../formats/proxmox-user';
import { describeRecipient, effectivePrivileges, grants, isAdministratorEquivalent, roleClass, scopeText } from '../../formats/proxmox-user/privileges';
import { ACCESS_CONTROL_SRC, pveDoc } from './common';
import { grantLocator, scopedAclTemplate } from './acl-common';

export const aclAdminRoot: Rule<UserCfgModel> = {
  meta: {
    id: 'PVE-ACL-ADMIN-ROOT',
    title: 'Administrator (or an equivalent role) granted on / with propagation',
    family: 'excessive-role',
    severity: 'critical',
    fixSafety: 'none',
    formats: ['proxmox-user'],
    risk: 'An `acl:1:/:...` record with Administrator, or with a custom role that holds every privilege, gives its users, group members or token full control of the whole cluster: every node (including Sys.Modify and Sys.Console, a root shell), every VM, storage, user and permission. One phished account or leaked token owns the estate.',
    remedy: 'Grant narrower roles (PVEVMAdmin, PVEDatastoreUser, a custom role) on the paths people need: `/vms/<vmid>`, `/pool/<name>`, `/storage/<id>`. Keep Administrator on `/` for root@pam and a break-glass group, and suppress the finding on that line with a reason.',
    notes: 'Roles are compared by their effective privileges, so a custom role holding every privilege counts as Administrator, and so does any role with Permissions.Modify: on `/` it can hand out every role, Administrator included. Group members are resolved from `group:` records; members whose own acl on `/` overrides the group grant are not listed. root@pam itself is not reported. A privilege-separated token is capped by its user, so such a grant is high rather than critical when the user is not Administrator-equivalent. Non-propagated grants on `/` are not reported.',
    references: [ACCESS_CONTROL_SRC, pveDoc('pveum: Permission management, inheritance and propagation')],
  },
  check(cfg, ctx) {
    const out: FindingDraft[] = [];
    for (const g of grants(cfg)) {
      if (g.acl.path !== '/' || !g.acl.propagate || g.subject.text === 'root@pam') continue;
      if (!isAdministratorEquivalent(g.privileges)) continue;
      const role =
        g.role.text === 'Administrator'
          ? 'Administrator'
          : roleClass(g.privileges) === 'administrator'
            ? `role ${g.role.text} (every privilege, as Administrator)`
            : `role ${g.role.text} (Permissions.Modify: can hand itself Administrator)`;
      const token = g.kind === 'token' ? cfg.tokens.get(g.subject.text) : undefined;
      const capped = token?.privsep === true && !isAdministratorEquivalent(effectivePrivileges(cfg, token.id, '/'));
      out.push({
        start: g.subject.start,
        end: g.subject.end,
        severity: capped ? 'high' : undefined,
        locator: grantLocator(g),
        message: `${describeRecipient(cfg, g)} gets ${role} ${scopeText(g.acl)}${capped ? `; privilege separation caps it at what ${token.user} holds on /` : ''}.`,
        templates: [scopedAclTemplate(g, ctx.text, cfg.index, 'PVEVMAdmin')],
      });
    }
    return out;
  },
};
