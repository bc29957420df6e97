import type { Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { doc, scg, stig } from '../refs';
import { PARTIAL_NOTE, finding, optBool } from './options';
import { hostOptions } from '../live';

export const esxadvExecInstalledOnly: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-EXECINSTALLEDONLY',
    title: 'Host runs binaries that were not installed from signed VIBs',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'With VMkernel.Boot.execInstalledOnly false, the host executes any binary copied onto it, not only those installed from signed packages. Ransomware for ESXi and persistent backdoors rely on exactly that.',
    remedy: 'Set VMkernel.Boot.execInstalledOnly to true (takes effect after a reboot; tools copied onto the host stop running, hence guarded).',
    notes: PARTIAL_NOTE,
    live: hostOptions(['VMkernel.Boot.execInstalledOnly', 'true']),
    references: [stig('ESXI-80-000244'), scg('esx-9.vib-trusted-binaries'), doc('Broadcom BRICKSTORM defence checklist', 'quick win 5')],
  },
  check(s) {
    const o = s.get('VMkernel.Boot.execInstalledOnly');
    if (!o || optBool(o) !== false) return [];
    return [finding(s, o, `${o.name} = ${o.value} lets the host run binaries that were not installed from signed packages.`, { value: 'true', type: 'bool', safety: 'guarded', note: 'guarded: needs a reboot, unpackaged tools stop running' })];
  },
};
