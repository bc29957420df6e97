import type { FindingDraft, Rule } from '../../engine/types';
import type { UserCfgModel } from '../../formats/proxmox-user';
import { describeRecipient, grants, isAdministratorEquivalent, roleClass, scopeText } from '../../formats/proxmox-user/privileges';
import { ACCESS_CONTROL_SRC, pveDoc } from './common';
import { grantLocator } from './acl-common';

const GUEST_AGENT: Record<string, string> = {
  'VM.GuestAgent.Unrestricted': 'run any command in every guest',
  'VM.GuestAgent.FileWrite': 'write any guest file',
  'VM.GuestAgent.FileRead': 'read any guest file',
  'VM.Monitor': 'guest-agent and QEMU monitor access before Proxmox VE 9',
};

export const roleGuestAgent: Rule<UserCfgModel> = {
  meta: {
    id: 'PVE-ROLE-GUESTAGENT',
    title: 'Guest-agent privileges granted on every VM',
    family: 'excessive-role',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['proxmox-user'],
    risk: 'VM.GuestAgent.Unrestricted runs arbitrary commands as root/SYSTEM inside guests through the QEMU guest agent; FileRead and FileWrite read and write any guest file. Granted on `/` or `/vms` with propagation, they reach into every VM, bypassing guest logins. Built-in roles carry them too: PVEVMAdmin has Unrestricted, even PVEVMUser has FileRead and FileWrite.',
    remedy: 'Grant roles with guest-agent privileges per VM (`/vms/<vmid>`) or per pool where the holder administers the guests; give broad roles without them (a custom role) to everyone else.',
    notes: 'Looks at propagated grants on `/` and `/vms`, with built-in and custom roles resolved to privileges. Administrator- and PVEAdmin-class grants on `/` are left to PVE-ACL-ADMIN-ROOT and PVE-ACL-PVEADMIN-ROOT. The legacy VM.Monitor privilege counts (it carried guest-agent access before Proxmox VE 9).',
    references: [ACCESS_CONTROL_SRC, pveDoc('pveum: Privileges (VM.GuestAgent.*)')],
  },
  check(cfg) {
    const out: FindingDraft[] = [];
    for (const g of grants(cfg)) {
      if (!g.acl.propagate || (g.acl.path !== '/' && g.acl.path !== '/vms')) continue;
      if (g.acl.path === '/' && (roleClass(g.privileges) !== undefined || isAdministratorEquivalent(g.privileges))) continue;
      const held = Object.keys(GUEST_AGENT).filter((p) => g.privileges.has(p));
      if (held.length === 0) continue;
      out.push({
        start: g.subject.start,
        end: g.subject.end,
        locator: grantLocator(g),
        message: `${describeRecipient(cfg, g)} gets ${held.map((p) => `${p} (${GUEST_AGENT[p]})`).join(', ')} via ${g.role.text} ${scopeText(g.acl)}.`,
      });
    }
    return out;
  },
};
