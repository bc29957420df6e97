import type { Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, timeoutFindings } from './options';
import { hostOptions } from '../live';

export const esxadvShellTimeout: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-SHELL-TIMEOUT',
    aliases: ['ESXCONF-SHELL-TIMEOUT'],
    title: 'ESXi Shell and SSH stay enabled indefinitely',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'UserVars.ESXiShellTimeOut limits how long the ESXi Shell and SSH stay available after someone enables them. At 0 (the installation default) a shell switched on for maintenance stays open until someone remembers to stop it.',
    remedy: 'Set UserVars.ESXiShellTimeOut to 600 seconds or less.',
    notes: PARTIAL_NOTE,
    live: hostOptions(['UserVars.ESXiShellTimeOut', '600']),
    references: [stig('ESXI-80-000195', 'V-258756'), scg('esx-9.shell-timeout')],
  },
  check: (s) => timeoutFindings(s, [['UserVars.ESXiShellTimeOut', 600, 'the availability of the ESXi Shell and SSH', 0]]),
};
