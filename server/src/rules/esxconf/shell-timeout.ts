import type { Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, timeoutFinding } from './common';

export const esxconfShellTimeout: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-SHELL-TIMEOUT',
    title: 'ESXi Shell and SSH stay enabled indefinitely',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['esxconf'],
    risk: 'UserVars.ESXiShellTimeOut = 0 (the installation default) leaves the ESXi Shell and SSH services running after someone enables them "for a minute", so the exposure outlives the maintenance.',
    remedy: 'Set /adv/UserVars/ESXiShellTimeOut to 600 (seconds) or less.',
    notes: `An absent key means the default 0 and is reported only when the file holds other /adv/UserVars/ options (a full host file); the fix then adds the key after them. ${SHAPE_NOTE}`,
    references: [stig('ESXI-80-000195', 'V-258756'), scg('esx-9.shell-timeout')],
  },
  check(m) {
    const f = timeoutFinding(m, '/adv/UserVars/ESXiShellTimeOut', 600, 0, 'the ESXi Shell and SSH availability');
    return f ? [f] : [];
  },
};
