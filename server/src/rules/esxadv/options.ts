import type { FindingDraft, Fix } from '../../engine/types';
import type { EsxAdvancedOptions, EsxOption } from '../../formats/vsphere/carriers';

export function optBool(o: EsxOption): boolean | undefined {
  const v = o.value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  return undefined;
}

export function optInt(o: EsxOption): number | undefined {
  const v = o.value.trim();
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** A finding on an option's value, with a fix that writes `value` when given. */
export function finding(
  s: EsxAdvancedOptions,
  o: EsxOption,
  message: string,
  fix?: { value: string; type: 'bool' | 'int' | 'str'; safety: Fix['safety']; note?: string },
): FindingDraft {
  return {
    start: o.start,
    end: o.end,
    locator: o.locator,
    message,
    fixes: fix ? [{ title: `Set ${o.name} to ${fix.value}${fix.note ? ` (${fix.note})` : ''}`, safety: fix.safety, edits: s.setValue(o, fix.value, fix.type) }] : undefined,
  };
}

/** Timeout options: 0 (never) or above `max` seconds is reported and fixed to `max`. */
export function timeoutFindings(s: EsxAdvancedOptions, limits: [string, number, string][]): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [name, max, what] of limits) {
    const o = s.get(name);
    const n = o ? optInt(o) : undefined;
    if (!o || n === undefined || (n !== 0 && n <= max)) continue;
    out.push(finding(s, o, `${o.name} = ${n} ${n === 0 ? `never ends ${what}` : `keeps ${what} open for ${n} seconds`}; at most ${max} is expected.`, { value: String(max), type: 'int', safety: 'safe' }));
  }
  return out;
}

export const PARTIAL_NOTE = 'Only options the task writes are judged: vmware_host_config_manager changes the listed options and leaves the others as they are on the host. Templated values are not judged.';
