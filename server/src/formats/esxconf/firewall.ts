import { detectEol, insertLineAfter } from '../../engine/text';
import type { EsxFirewall, FirewallValue } from '../vsphere/carriers';
import type { EsxConfModel, EsxEntry } from './parser';

function bool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return undefined;
}

/**
 * A host file's firewall rule sets (`/firewall/services/<ruleset>/enabled` and `…/allowedall`) as the
 * carrier the firewall rules read, the same carrier a live host's snapshot provides. Values keep
 * esx.conf's key as name and locator; the edits write the file.
 */
export function esxConfFirewall(m: EsxConfModel): EsxFirewall {
  const text = m.index.text;
  const entries = new Map<FirewallValue, EsxEntry>();
  const value = (key: string): FirewallValue | undefined => {
    const e = m.get(key);
    const b = e ? bool(e.value) : undefined;
    if (!e || b === undefined) return undefined;
    const v: FirewallValue = { value: b, name: e.key, start: e.keyStart, end: e.valueEnd, locator: e.key };
    entries.set(v, e);
    return v;
  };
  return {
    ruleset: (key) => {
      const base = `/firewall/services/${key}`;
      const enabled = value(`${base}/enabled`);
      const allowedAll = value(`${base}/allowedall`);
      return enabled || allowedAll ? { key, enabled, allowedAll } : undefined;
    },
    set: (v, to) => {
      const e = entries.get(v);
      return e ? m.setValue(e, to ? 'true' : 'false') : [];
    },
    allowedIpTemplate: (rs, networks) => {
      const e = rs.allowedAll ? entries.get(rs.allowedAll) : undefined;
      if (!e) return [];
      const lines = [
        `# vharden: restrict ${rs.key} to the management networks, then delete the allowedall line above`,
        `# /firewall/services/${rs.key}/allowedall = "false"`,
        ...networks.map((n, i) => `# /firewall/services/${rs.key}/allowedip[${String(i).padStart(4, '0')}]/ipstr = "${n}"`),
      ];
      return [insertLineAfter(text, m.index, e.line, lines.join(detectEol(text)))];
    },
  };
}
