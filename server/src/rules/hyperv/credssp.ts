import type { FindingDraft, Rule } from '../../engine/types';
import type { HyperVScriptModel } from '../../formats/powershell';
import { replaceLiteral } from './edit';
import { HV_SECURITY, HYPERVDSC, LIVE_MIGRATION, SET_VMHOST } from './refs';

export const hvHostCredSsp: Rule<HyperVScriptModel> = {
  meta: {
    id: 'HV-HOST-CREDSSP',
    title: 'Hyper-V live migration authenticates with CredSSP',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'CredSSP hands the administrator\'s full credentials to the source host to start a migration: a compromised Hyper-V host collects reusable domain credentials of every admin who migrates from it, and CredSSP migrations must be started while signed in on the source host.',
    remedy: 'Use `-VirtualMachineMigrationAuthenticationType Kerberos` and configure Kerberos constrained delegation (services `cifs` and `Microsoft Virtual System Migration Service`) between the hosts in Active Directory.',
    notes: 'Reads `Set-VMHost -VirtualMachineMigrationAuthenticationType CredSSP` and DSC `VMHost`/`xVMHost` `VirtualMachineMigrationAuthenticationType = \'CredSSP\'`. The guarded fix writes `Kerberos`: migrations fail until constrained delegation is configured. Failover clusters use their own cluster authentication and are not affected. In a host\'s snapshot (hyperv-snapshot) it reads `host.migration.authenticationType` only when live migration is enabled there (CredSSP is the default value, and has no effect while migration is off).',
    references: [SET_VMHOST, LIVE_MIGRATION, HV_SECURITY, HYPERVDSC],
  },
  check(model, ctx) {
    const out: FindingDraft[] = [];
    for (const h of model.hv.host) {
      if (h.key !== 'virtualmachinemigrationauthenticationtype' || h.setting.value !== 'credssp') continue;
      const edit = replaceLiteral(ctx.text, h.setting, 'Kerberos');
      out.push({
        start: h.setting.start,
        end: h.setting.end,
        locator: 'host#VirtualMachineMigrationAuthenticationType',
        message: 'Live migration authenticates with CredSSP: the source host receives the full credentials of the administrator who starts each migration.',
        fixes: edit ? [{ title: 'Use Kerberos (guarded: migrations fail until Kerberos constrained delegation is configured for the hosts)', safety: 'guarded', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};
