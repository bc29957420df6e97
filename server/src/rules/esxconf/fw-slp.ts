import type { Rule } from '../../engine/types';
import { ESX_FIREWALL, type EsxFirewall } from '../../formats/vsphere/carriers';
import { stig } from '../refs';
import { FIREWALL_NOTE, SHAPE_NOTE, enabledRuleset, onFirewallValue } from './common';
import { closeRulesets } from '../live';

export const esxconfFwSlp: Rule<EsxFirewall> = {
  input: ESX_FIREWALL,
  meta: {
    id: 'ESXCONF-FW-SLP',
    title: 'SLP (CIMSLP) ruleset enabled',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['esxconf', 'vsphere-snapshot'],
    risk: 'OpenSLP on port 427 had remote code execution flaws (CVE-2021-21974, CVE-2020-3992, CVE-2019-5544) that the ESXiArgs ransomware wave went after on unpatched hosts. Few sites need SLP at all.',
    remedy: 'Close the CIMSLP ruleset and stop the slpd service (chkconfig slpd off), as VMware\'s ESXiArgs guidance says.',
    notes: `${FIREWALL_NOTE} ${SHAPE_NOTE}`,
    live: closeRulesets('CIMSLP'),
    references: [stig('ESXI-80-000231', 'V-258786'), { source: 'Broadcom ESXiArgs Questions & Answers', id: 'disable SLP' }],
  },
  check(fw) {
    const e = enabledRuleset(fw, 'CIMSLP');
    if (!e) return [];
    return [onFirewallValue(fw, e, 'The SLP firewall ruleset (CIMSLP, port 427) is enabled.', 'safe')];
  },
};
