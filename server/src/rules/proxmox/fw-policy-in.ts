import type { FindingDraft, Rule } from '../../engine/types';
import type { FirewallModel } from '../../formats/proxmox-firewall';
import { pveDoc } from './common';

export const fwPolicyIn: Rule<FirewallModel> = {
  meta: {
    id: 'PVE-FW-POLICY-IN',
    title: 'Firewall input policy ACCEPT',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['proxmox-firewall'],
    risk: '`policy_in: ACCEPT` in cluster.fw or host.fw admits every inbound connection no rule drops. The firewall then protects nothing by default: every service on the node, including the management ports, is open unless someone remembered a DROP rule for it.',
    remedy: 'Set `policy_in: DROP` (the default) and list what may come in with ACCEPT rules restricted to `-source +management`.',
    notes: 'Checks cluster.fw and host.fw; VM files have their own policy and are not read by this rule. An absent policy_in means DROP.',
    references: [pveDoc('pve-firewall: cluster and host options (policy_in)')],
  },
  check(fw) {
    if (fw.kind !== 'cluster' && fw.kind !== 'host') return [];
    const out: FindingDraft[] = [];
    const policy = fw.option('policy_in');
    if (policy && policy.value.trim().toUpperCase() === 'ACCEPT') {
      out.push({
        start: policy.keyStart,
        end: policy.valueEnd,
        locator: 'options:policy_in',
        message: `policy_in: ACCEPT in ${fw.kind}.fw admits every inbound connection that no rule drops.`,
        fixes: [{ title: 'Set policy_in: DROP (guarded: inbound traffic no ACCEPT rule admits is dropped; check your management rules first)', safety: 'guarded', edits: [{ start: policy.valueStart, end: policy.valueEnd, newText: 'DROP' }] }],
      });
    }
    return out;
  },
};
