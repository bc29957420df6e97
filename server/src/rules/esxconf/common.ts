import type { FindingDraft, Fix } from '../../engine/types';
import type { EsxConfModel, EsxEntry } from '../../formats/esxconf/parser';

/** esx.conf key shapes come from third-party public text (catalog source S20), not vendor docs. */
export const SHAPE_NOTE = 'Key shapes are from third-party public text, not vendor documentation (confidence: medium); on ESXi 7.0 U1 and later much of this moved to ConfigStore, so an esx.conf is most often a backup or an old host.';

export function esxBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return undefined;
}

/** A firewall ruleset's `enabled` entry when it is "true". */
export function enabledRuleset(m: EsxConfModel, ruleset: string): EsxEntry | undefined {
  const e = m.get(`/firewall/services/${ruleset}/enabled`);
  return e && esxBool(e.value) === true ? e : undefined;
}

export function setFix(m: EsxConfModel, e: EsxEntry, value: string, safety: Fix['safety'], why = ''): Fix {
  return { title: `Set ${e.key} to "${value}"${safety === 'guarded' ? ` (guarded${why ? `: ${why}` : ''})` : ''}`, safety, edits: m.setValue(e, value) };
}

export function onEntry(e: EsxEntry, message: string, fixes?: Fix[]): FindingDraft {
  return { start: e.keyStart, end: e.valueEnd, locator: e.key, message, fixes };
}
