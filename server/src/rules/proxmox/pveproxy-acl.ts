import type { FindingDraft, Rule } from '../../engine/types';
import type { PveProxyModel } from '../../formats/proxmox-pveproxy';
import { appendLine, detectEol } from '../../engine/text';
import { pveDoc } from './common';

const ALL = new Set(['all', '0.0.0.0/0', '::/0', '0/0']);

function coversAll(value: string): boolean {
  return value.split(/[,;\s]+/).some((v) => ALL.has(v.trim().toLowerCase()));
}

export const pveproxyAcl: Rule<PveProxyModel> = {
  meta: {
    id: 'PVE-PVEPROXY-ACL',
    title: 'Web UI/API (pveproxy) accepts every source address',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['proxmox-pveproxy'],
    risk: 'pveproxy serves the web UI and the REST API on port 8006 on every interface. Without `DENY_FROM="all"` (or `POLICY="deny"`) and an `ALLOW_FROM` list in /etc/default/pveproxy, every address that can route to a node can try passwords, tokens and exploits against the management plane, independent of the Proxmox firewall.',
    remedy: 'Set `ALLOW_FROM="<admin CIDRs>"`, `DENY_FROM="all"` and `POLICY="allow"`, then restart pveproxy. Optionally bind it with `LISTEN_IP`. The template action inserts these lines commented out for you to complete.',
    notes: 'Judges the file\'s content. A node without /etc/default/pveproxy has the same open default, but a missing file cannot be linted per file. `vharden.managementNetworks`, when set, fills the template\'s ALLOW_FROM.',
    references: [pveDoc('pveproxy: Host based access control (/etc/default/pveproxy)')],
  },
  check(px, ctx) {
    const out: FindingDraft[] = [];
    const allow = px.get('ALLOW_FROM');
    const deny = px.get('DENY_FROM');
    const policy = px.get('POLICY');
    const networks = ctx.config.managementNetworks.length > 0 ? ctx.config.managementNetworks.join(',') : '<admin CIDRs>';
    const template = {
      title: 'Insert a commented ALLOW_FROM/DENY_FROM template to complete',
      safety: 'guarded' as const,
      edits: [appendLine(ctx.text, ['# vharden template: list your admin networks, uncomment, restart pveproxy', `# ALLOW_FROM="${networks}"`, '# DENY_FROM="all"', '# POLICY="allow"'].join(detectEol(ctx.text)))],
    };
    if (allow && coversAll(allow.value)) {
      out.push({ start: allow.valueStart, end: allow.valueEnd, locator: 'ALLOW_FROM', message: `ALLOW_FROM="${allow.value}" admits every address to the web UI/API (port 8006).`, templates: [template] });
    }
    const restricted = (deny && coversAll(deny.value)) || policy?.value.trim().toLowerCase() === 'deny';
    if (!restricted) {
      const at = deny ?? policy ?? allow;
      const anchor = at ? { start: at.start, end: at.end } : { start: 0, end: 0, onFile: true };
      out.push({
        ...anchor,
        locator: 'DENY_FROM',
        message: `pveproxy accepts the web UI/API (port 8006) from every address: ${deny ? `DENY_FROM="${deny.value}" does not deny all` : 'no DENY_FROM="all"'}${policy ? ` and POLICY="${policy.value}"` : ' (the default policy is allow)'}.`,
        templates: [template],
      });
    }
    return out;
  },
};
