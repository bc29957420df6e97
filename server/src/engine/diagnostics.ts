import type { ToolDiagnostic } from './types';

/** Diagnostics of one code kept per file (parse errors, duplicate keys, unused suppressions); the rest are counted. */
export const MAX_PER_CODE = 100;

const omittedOf = new WeakMap<ToolDiagnostic[], Map<string, number>>();

/**
 * A diagnostics list for one parse. A hostile file can have a million bad lines: past MAX_PER_CODE
 * diagnostics of a code, `push` only counts further ones of that code, so memory stays small; the
 * engine closes the list with one "N more" diagnostic per code (see `omittedDiagnostics`). It is a
 * plain array otherwise (its `push` is an own, non-enumerable property).
 */
export function diagnosticList(): ToolDiagnostic[] {
  const list: ToolDiagnostic[] = [];
  const kept = new Map<string, number>();
  const omitted = new Map<string, number>();
  omittedOf.set(list, omitted);
  const push = (...items: ToolDiagnostic[]): number => {
    for (const d of items) {
      const n = kept.get(d.code) ?? 0;
      if (n >= MAX_PER_CODE) omitted.set(d.code, (omitted.get(d.code) ?? 0) + 1);
      else {
        kept.set(d.code, n + 1);
        Array.prototype.push.call(list, d);
      }
    }
    return list.length;
  };
  Object.defineProperty(list, 'push', { value: push, enumerable: false });
  return list;
}

/** code → how many diagnostics a `diagnosticList` left out; undefined for other lists. */
export function omittedDiagnostics(list: ToolDiagnostic[]): Map<string, number> | undefined {
  return omittedOf.get(list);
}

/** A copy of a diagnostics list, each diagnostic copied, with the same counts of those left out. */
export function copyDiagnostics(list: ToolDiagnostic[]): ToolDiagnostic[] {
  const copy = diagnosticList();
  for (const d of list) copy.push({ ...d });
  const omitted = omittedOf.get(list);
  if (omitted) for (const [code, n] of omitted) omittedOf.get(copy)!.set(code, n);
  return copy;
}
