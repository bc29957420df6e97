import type { Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, enabledRuleset, onEntry, setFix } from './common';

export const esxconfFwSsh: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-FW-SSH',
    title: 'SSH ruleset enabled on the host',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['esxconf'],
    risk: 'With the sshServer ruleset open, the host\'s shell is one password away from the network. Ransomware crews targeting ESXi log in over SSH to stop VMs and encrypt datastores.',
    remedy: 'Keep SSH closed and the SSH service stopped; open it only for break-glass work and close it afterwards.',
    notes: SHAPE_NOTE,
    references: [stig('ESXI-80-000193', 'V-258754'), scg('esx-9.ssh'), { source: 'Broadcom BRICKSTORM defence checklist', id: 'disable SSH' }],
  },
  check(m) {
    const e = enabledRuleset(m, 'sshServer');
    if (!e) return [];
    return [onEntry(e, 'The SSH firewall ruleset (sshServer) is enabled.', [setFix(m, e, 'false', 'guarded', 'ends SSH access to the host')])];
  },
};
