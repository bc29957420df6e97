import type { Rule } from '../../engine/types';
import { ESX_FIREWALL, type EsxFirewall } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { FIREWALL_NOTE, SHAPE_NOTE, enabledRuleset, onFirewallValue } from './common';
import { closeRulesets } from '../live';

export const esxconfFwSsh: Rule<EsxFirewall> = {
  input: ESX_FIREWALL,
  meta: {
    id: 'ESXCONF-FW-SSH',
    title: 'SSH ruleset enabled on the host',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['esxconf', 'vsphere-snapshot'],
    risk: 'With the sshServer ruleset open, the host\'s shell is one password away from the network. Ransomware crews targeting ESXi log in over SSH to stop VMs and encrypt datastores.',
    remedy: 'Keep SSH closed and the SSH service stopped; open it only for break-glass work and close it afterwards.',
    notes: `${FIREWALL_NOTE} ${SHAPE_NOTE}`,
    live: closeRulesets('sshServer'),
    references: [stig('ESXI-80-000193', 'V-258754'), scg('esx-9.ssh'), { source: 'Broadcom BRICKSTORM defence checklist', id: 'disable SSH' }],
  },
  check(fw) {
    const e = enabledRuleset(fw, 'sshServer');
    if (!e) return [];
    return [onFirewallValue(fw, e, 'The SSH firewall ruleset (sshServer) is enabled.', 'guarded', 'ends SSH access to the host')];
  },
};
