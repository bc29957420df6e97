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

/**
 * Timeout options: 0 (never) or above `max` seconds is reported and fixed to `max`. A missing option
 * is reported only where the carrier is the host's whole configuration (esx.conf) and the
 * installation default (`absentDefault`) is itself 0 or above `max`.
 */
export function timeoutFindings(s: EsxAdvancedOptions, limits: [name: string, max: number, what: string, absentDefault?: number][]): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [name, max, what, absentDefault] of limits) {
    const o = s.get(name);
    if (!o) {
      const bad = absentDefault !== undefined && (absentDefault === 0 || absentDefault > max);
      const at = bad ? s.missing?.(name, String(max)) : undefined;
      if (at) out.push(missingFinding(at, `${at.name} is not set: the installation default (${absentDefault}) ${absentDefault === 0 ? `never ends ${what}` : `keeps ${what} open for ${absentDefault} seconds`}.`, String(max)));
      continue;
    }
    const n = optInt(o);
    if (n === undefined || (n !== 0 && n <= max)) continue;
    out.push(finding(s, o, `${o.name} = ${n} ${n === 0 ? `never ends ${what}` : `keeps ${what} open for ${n} seconds`}; at most ${max} is expected.`, { value: String(max), type: 'int', safety: 'safe' }));
  }
  return out;
}

/** A finding about an option the host's configuration lacks, with the fix that adds it: safe, or guarded with what it may break. */
export function missingFinding(at: NonNullable<ReturnType<NonNullable<EsxAdvancedOptions['missing']>>>, message: string, value: string, guarded?: string): FindingDraft {
  const fix: Fix = { title: `Add ${at.name} = ${value}${guarded ? ` (guarded: ${guarded})` : ''}`, safety: guarded ? 'guarded' : 'safe', edits: at.edits };
  return { start: at.start, end: at.end, locator: at.locator, message, fixes: [fix] };
}

/** The two ways the ESXADV-* rules see a host's options: a task that changes some, a host file that holds all. */
export const PARTIAL_NOTE =
  'Ansible `vmware_host_config_manager` tasks: only options the task writes are judged (the module changes the listed options and leaves the others as they are on the host); templated values are not judged. ESXi `esx.conf` (the `/adv/<Group>/<Option>` keys): the file is the host\'s whole configuration, so an option whose installation default is insecure is also reported when it is missing, provided the file holds other options of its group (a full host file); the fix then adds it after them. esx.conf key shapes are from third-party public text, not vendor documentation; on ESXi 7.0 U1 and later much of this moved to ConfigStore, so an esx.conf is most often a backup or an old host.';
