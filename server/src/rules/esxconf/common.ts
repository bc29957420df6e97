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

export function esxInt(value: string): number | undefined {
  const v = value.trim();
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
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

/**
 * An advanced option whose value is "0" (no limit) or above `max`; when the option is absent and
 * the file carries other options of its group, the installation default `absentDefault` applies.
 */
export function timeoutFinding(m: EsxConfModel, key: string, max: number, absentDefault: number | undefined, label: string): FindingDraft | undefined {
  const e = m.get(key);
  const group = key.slice(0, key.lastIndexOf('/') + 1);
  if (!e) {
    if (absentDefault === undefined || (absentDefault !== 0 && absentDefault <= max) || !m.hasPrefix(group)) return undefined;
    const anchor = m.matching(new RegExp('^' + group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).sort((a, b) => b.line - a.line)[0];
    if (!anchor) return undefined;
    return {
      start: anchor.keyStart,
      end: anchor.keyEnd,
      locator: `${key}#absent`,
      message: `${key} is not set: the installation default (${absentDefault}) means ${label} never times out.`,
      fixes: [{ title: `Add ${key} = "${max}"`, safety: 'safe', edits: [m.add(key, String(max), group)] }],
    };
  }
  const n = esxInt(e.value);
  if (n === undefined || (n !== 0 && n <= max)) return undefined;
  return onEntry(e, n === 0 ? `${e.key} is 0: ${label} never times out.` : `${e.key} is ${n} seconds, above ${max}: ${label} stays open too long.`, [setFix(m, e, String(max), 'safe')]);
}
