import type { FindingDraft, Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, timeoutFinding } from './common';

/** key, hardened maximum, installation default (undefined: not known to be insecure), what times out */
const OPTIONS: [string, number, number | undefined, string][] = [
  ['/adv/UserVars/ESXiShellInteractiveTimeOut', 900, 0, 'an idle shell session'],
  ['/adv/UserVars/DcuiTimeOut', 600, undefined, 'an idle DCUI session'],
  ['/adv/UserVars/HostClientSessionTimeout', 900, undefined, 'an idle Host Client session'],
];

export const esxconfShellIdle: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-SHELL-IDLE',
    title: 'Idle shell, DCUI or Host Client sessions never time out',
    family: 'exposed-management',
    severity: 'low',
    fixSafety: 'safe',
    formats: ['esxconf'],
    risk: 'An idle root session left open on the console, over SSH or in the Host Client is a logged-in host for whoever finds it next.',
    remedy: 'Set ESXiShellInteractiveTimeOut to 900, DcuiTimeOut to 600 and HostClientSessionTimeout to 900 seconds or less.',
    notes: `Reports "0" or a value above the limit. An absent ESXiShellInteractiveTimeOut (default 0) is reported when the file holds other /adv/UserVars/ options; the DCUI and Host Client defaults are within limits, so their absence is fine. ${SHAPE_NOTE}`,
    references: [stig('ESXI-80-000068'), stig('ESXI-80-000196'), stig('ESXI-80-000010'), scg('esx-9.shell-interactive-timeout'), scg('esx-9.dcui-timeout'), scg('esx-9.session-timeout')],
  },
  check(m) {
    const out: FindingDraft[] = [];
    for (const [key, max, absent, label] of OPTIONS) {
      const f = timeoutFinding(m, key, max, absent, label);
      if (f) out.push(f);
    }
    return out;
  },
};
