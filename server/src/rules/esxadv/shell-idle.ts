import type { Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, timeoutFindings } from './options';
import { hostOptions } from '../live';

export const esxadvShellIdle: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-SHELL-IDLE',
    aliases: ['ESXCONF-SHELL-IDLE'],
    title: 'Idle shell, DCUI or host client sessions never end',
    family: 'exposed-management',
    severity: 'low',
    fixSafety: 'safe',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'Without idle timeouts, a forgotten ESXi Shell, SSH, DCUI or host client session stays logged in as its user, ready for whoever finds the terminal or hijacks the session.',
    remedy: 'Set UserVars.ESXiShellInteractiveTimeOut to 900, UserVars.DcuiTimeOut to 600 and UserVars.HostClientSessionTimeout to 900 seconds (or less).',
    notes: `The DCUI and host client defaults (600 and 900 seconds) are within the limits, so only a missing ESXiShellInteractiveTimeOut (default 0) is reported. ${PARTIAL_NOTE}`,
    live: hostOptions(['UserVars.ESXiShellInteractiveTimeOut', '900'], ['UserVars.DcuiTimeOut', '600'], ['UserVars.HostClientSessionTimeout', '900']),
    references: [stig('ESXI-80-000068'), stig('ESXI-80-000196'), stig('ESXI-80-000010'), scg('esx-9.shell-interactive-timeout'), scg('esx-9.dcui-timeout'), scg('esx-9.session-timeout')],
  },
  check: (s) =>
    timeoutFindings(s, [
      ['UserVars.ESXiShellInteractiveTimeOut', 900, 'idle ESXi Shell and SSH sessions', 0],
      ['UserVars.DcuiTimeOut', 600, 'idle DCUI sessions'],
      ['UserVars.HostClientSessionTimeout', 900, 'idle host client sessions'],
    ]),
};
