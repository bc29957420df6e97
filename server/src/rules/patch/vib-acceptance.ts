import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { ensureOpt, label, strOf, tasksOf } from '../ansible/common';
import { doc, scg, stig } from '../refs';

const LEVELS = ['community', 'partner', 'vmware_accepted', 'vmware_certified'];
/** Every VIB on a host must be at least at the host's level (VMware: "Acceptance Levels"). */
const FIX = 'guarded: the host no longer installs community-supported VIBs, and one that runs some must have them removed first';

export const patchVibAcceptance: Rule<AnsibleModel> = {
  meta: {
    id: 'PATCH-VIB-ACCEPTANCE',
    title: 'Ansible lowers the host VIB acceptance level to community',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['ansible'],
    risk: 'At the CommunitySupported level an ESXi host installs VIBs that nobody signed or tested: any package, including a backdoor persisted as a VIB, goes in with one esxcli command. Attackers who reach the host use exactly this to keep access across reboots.',
    remedy: 'Keep the acceptance level at PartnerSupported or stricter (partner, vmware_accepted, vmware_certified). The fix writes `partner`. It is guarded: a community-supported package the play installs afterwards no longer installs, and a host that already runs community-supported VIBs must have them removed before it takes the stricter level (every VIB on a host must be at least at the level of the host). Install such a package on a lab host if it is really needed.',
    notes: 'Reads community.vmware.vmware_host_acceptance tasks: acceptance_level "community" with state "present" (the state that sets the level; the default state, list, only reads it). A state that itself names a level is read as the level. Templated values are not judged.',
    references: [stig('ESXI-80-000133'), scg('esx-9.vib-acceptance-level-supported'), doc('Ansible community.vmware', 'vmware_host_acceptance')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const task of tasksOf(model, 'vmware_host_acceptance')) {
      const state = task.opt('state');
      const stateValue = strOf(state)?.toLowerCase();
      const levelInState = stateValue !== undefined && LEVELS.includes(stateValue);
      const opt = levelInState ? state : task.opt('acceptance_level');
      if (!levelInState && stateValue !== 'present') continue;
      if (strOf(opt)?.toLowerCase() !== 'community') continue;
      const name = levelInState ? 'state' : 'acceptance_level';
      out.push({
        start: opt!.start,
        end: opt!.end,
        locator: `${task.locator}/${name}`,
        message: `${label(task)} sets the host acceptance level to community: unsigned VIBs can be installed.`,
        fixes: [{ title: `Set ${name} to partner (${FIX})`, safety: 'guarded', edits: ensureOpt(task, opt, name, 'partner', 'str') }],
      });
    }
    return out;
  },
};
