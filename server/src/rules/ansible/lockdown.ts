import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { doc, scg, stig } from '../refs';
import { ensureOpt, label, strOf, tasksOf } from './common';

export const ansLockdownDisabled: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-LOCKDOWN-DISABLED',
    title: 'Ansible disables lockdown mode on a host',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['ansible'],
    risk: 'With lockdown mode disabled, an ESXi host accepts logins directly (host client, SSH, API) instead of only through vCenter. Direct logins escape vCenter roles and auditing, and a stolen root password is enough to take the host.',
    remedy: 'Set vmware_host_lockdown state to normal (or strict) and keep break-glass users in the lockdown exception list. The fix writes state: normal; it is guarded because tools that log into the host directly stop working.',
    notes: 'The module default is normal, so an omitted state is not reported. state: absent is the legacy spelling of disabled and is reported too. Templated values are not judged.',
    references: [stig('ESXI-80-000008', 'V-258730'), scg('esx-9.lockdown-mode'), doc('Ansible community.vmware', 'vmware_host_lockdown')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const task of tasksOf(model, 'vmware_host_lockdown')) {
      const opt = task.opt('state');
      const state = strOf(opt)?.toLowerCase();
      if (!opt || (state !== 'disabled' && state !== 'absent')) continue;
      const edits = ensureOpt(task, opt, 'state', 'normal', 'str');
      out.push({
        start: opt.start,
        end: opt.end,
        locator: `${task.locator}/state`,
        message: `${label(task)} sets lockdown mode to "${opt.text}": the host accepts direct logins that bypass vCenter.`,
        fixes: [{ title: 'Set state to normal (guarded: direct host logins stop working)', safety: 'guarded', edits }],
      });
    }
    return out;
  },
};
