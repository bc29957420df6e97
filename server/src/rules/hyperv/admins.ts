import { isOwnHost } from '../../engine/context';
import type { FindingDraft, Rule } from '../../engine/types';
import { HYPERV_CONFIG, type HyperVModel } from '../../formats/powershell/hyperv';
import { ADD_LOCALGROUPMEMBER, DSC_GROUP, HV_ADMINS_GROUP, HV_SECURITY } from './refs';

/** Principals that stand for everyone who can sign in, by name (with or without a domain or NT AUTHORITY prefix) or SID. */
const BROAD_NAMES = new Set(['everyone', 'authenticated users', 'users', 'domain users', 'interactive', 'network', 'anonymous logon', 'guests', 'domain guests', 'domain computers']);
const BROAD_SIDS = /^s-1-(1-0|5-11|5-4|5-2|5-7|5-32-545|5-32-546|5-21-[\d-]+-(513|514|515))$/;

export function isBroadPrincipal(member: string): boolean {
  const m = member.trim().toLowerCase();
  if (BROAD_SIDS.test(m)) return true;
  const name = m.includes('\\') ? m.slice(m.lastIndexOf('\\') + 1) : m;
  return BROAD_NAMES.has(name);
}

export const hvHostAdmins: Rule<HyperVModel> = {
  input: HYPERV_CONFIG,
  meta: {
    id: 'HV-HOST-ADMINS',
    title: 'Member added to the local Hyper-V Administrators group',
    family: 'excessive-role',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'Members of Hyper-V Administrators have complete and unrestricted access to all features of Hyper-V on the host: they can attach any VM\'s virtual disks, read its memory through checkpoints and exports, change its network and create VMs, which makes them equivalent to administrators of every guest. A broad principal (Everyone, Authenticated Users, Domain Users) in the group gives that to everyone who can sign in.',
    remedy: 'Add only the named administrators or a dedicated Hyper-V admin group that is itself reviewed; never Everyone, Authenticated Users, Users or Domain Users. Remove the line (or the DSC member) once the membership is no longer needed.',
    notes: 'Reads `Add-LocalGroupMember -Group \'Hyper-V Administrators\'` (also `-SID S-1-5-32-578` and positional arguments), `net localgroup "Hyper-V Administrators" <member> /add` and DSC `Group`/`xGroup` resources with `GroupName = \'Hyper-V Administrators\'` and `Members` or `MembersToInclude`. A broad principal is high; a named member is medium, and on a desktop or lab (Hyper-V on Windows 10/11, where the owner adds themselves to run VMs) a named member is not reported. Members the script computes (`$env:USERNAME`) are not judged. In a host\'s snapshot (hyperv-snapshot) it reads the group\'s members (`host.hyperVAdministrators`) and reports broad principals only. No fix: who should administer the host is the reviewer\'s call.',
    references: [HV_ADMINS_GROUP, ADD_LOCALGROUPMEMBER, DSC_GROUP, HV_SECURITY],
  },
  check(hv, ctx) {
    const own = isOwnHost(ctx.system);
    const out: FindingDraft[] = [];
    for (const m of hv.adminMembers ?? []) {
      const broad = isBroadPrincipal(m.member);
      // a live host lists its standing members: only a broad one is a finding there, not every administrator
      if (!broad && (own || m.how === 'snapshot')) continue;
      out.push({
        start: m.start,
        end: m.end,
        severity: broad ? 'high' : 'medium',
        locator: `group:Hyper-V Administrators/${m.member}`,
        message: m.how === 'snapshot'
          ? `${m.member} is a member of Hyper-V Administrators on this host: everyone it stands for has full control of every VM here.`
          : broad
          ? `${m.how} adds ${m.member} to Hyper-V Administrators: everyone it stands for gets full control of every VM on this host.`
          : `${m.how} adds ${m.member} to Hyper-V Administrators: full control of every VM on this host (their disks, memory and networks). Confirm the membership is intended.`,
      });
    }
    return out;
  },
};
