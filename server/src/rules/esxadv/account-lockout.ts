import type { FindingDraft, Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, finding, optInt } from './options';
import { hostOptions } from '../live';

export const esxadvAccountLockout: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-ACCOUNT-LOCKOUT',
    title: 'Weak account lockout on the host',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'Without a lockout after a few failed logins (Security.AccountLockFailures 0 or above 5) or with a short unlock time (Security.AccountUnlockTime below 900 seconds), the host lets attackers guess passwords for root and local accounts at full speed over SSH, the host client and the API.',
    remedy: 'Set Security.AccountLockFailures to 3 (DISA STIG; the Security Configuration Guide accepts 5) and Security.AccountUnlockTime to 900.',
    notes: PARTIAL_NOTE,
    live: hostOptions(['Security.AccountLockFailures', '3'], ['Security.AccountUnlockTime', '900']),
    references: [stig('ESXI-80-000005'), stig('ESXI-80-000111'), scg('esx-9.account-lockout-max-failed-attempts'), scg('esx-9.account-lockout-unlock-time')],
  },
  check(s) {
    const out: FindingDraft[] = [];
    const failures = s.get('Security.AccountLockFailures');
    const n = failures ? optInt(failures) : undefined;
    if (failures && n !== undefined && (n === 0 || n > 5)) {
      out.push(finding(s, failures, n === 0 ? `${failures.name} = 0 never locks an account, so passwords can be guessed without limit.` : `${failures.name} = ${n} allows ${n} failed logins before a lockout; at most 5 (STIG: 3) is expected.`, { value: '3', type: 'int', safety: 'safe' }));
    }
    const unlock = s.get('Security.AccountUnlockTime');
    const u = unlock ? optInt(unlock) : undefined;
    if (unlock && u !== undefined && u < 900) {
      out.push(finding(s, unlock, `${unlock.name} = ${u} unlocks a locked account after ${u} seconds; at least 900 is expected.`, { value: '900', type: 'int', safety: 'safe' }));
    }
    return out;
  },
};
