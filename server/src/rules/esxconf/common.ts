import type { FindingDraft, Fix } from '../../engine/types';
import type { EsxConfModel, EsxEntry } from '../../formats/esxconf/parser';
import type { EsxFirewall, FirewallValue } from '../../formats/vsphere/carriers';

/** esx.conf key shapes come from third-party public text (catalog source S20), not vendor docs. */
export const SHAPE_NOTE = 'Key shapes are from third-party public text, not vendor documentation (confidence: medium); on ESXi 7.0 U1 and later much of this moved to ConfigStore, so an esx.conf is most often a backup or an old host.';

export function esxBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return undefined;
}

/** A firewall rule set's `enabled` value when it is true. */
export function enabledRuleset(fw: EsxFirewall, ruleset: string): FirewallValue | undefined {
  const e = fw.ruleset(ruleset)?.enabled;
  return e?.value === true ? e : undefined;
}

/** A finding on a firewall value, with a fix that writes `false` (dropped where the carrier cannot be edited). */
export function onFirewallValue(fw: EsxFirewall, v: FirewallValue, message: string, safety: Fix['safety'], why = ''): FindingDraft {
  const edits = fw.set(v, false);
  return {
    start: v.start,
    end: v.end,
    locator: v.locator,
    message,
    fixes: edits.length ? [{ title: `Set ${v.name} to "false"${safety === 'guarded' ? ` (guarded${why ? `: ${why}` : ''})` : ''}`, safety, edits }] : undefined,
  };
}

/** The firewall rules read esx.conf and live hosts alike. */
export const FIREWALL_NOTE = 'Reads the rule sets of esx.conf (`/firewall/services/<ruleset>/enabled` and `allowedall`) and of live hosts in `vharden collect vsphere` snapshots (`config.firewall`); snapshot findings have no text fix (change the host, then collect again).';

export function setFix(m: EsxConfModel, e: EsxEntry, value: string, safety: Fix['safety'], why = ''): Fix {
  return { title: `Set ${e.key} to "${value}"${safety === 'guarded' ? ` (guarded${why ? `: ${why}` : ''})` : ''}`, safety, edits: m.setValue(e, value) };
}

export function onEntry(e: EsxEntry, message: string, fixes?: Fix[]): FindingDraft {
  return { start: e.keyStart, end: e.valueEnd, locator: e.key, message, fixes };
}
