import type { ToolDiagnostic } from './types';

/**
 * The longest message or fix title a finding carries. Rules quote names and values from the file,
 * which a damaged or hostile one can repeat for pages; a longer text keeps its start and its end.
 */
export const MAX_MESSAGE = 600;

/** `text` cut to MAX_MESSAGE characters around ` … ` when longer, never inside a surrogate pair. */
export function boundedMessage(text: string): string {
  if (text.length <= MAX_MESSAGE) return text;
  const gap = ' … ';
  let head = Math.floor((MAX_MESSAGE - gap.length) * 0.7);
  let tail = text.length - (MAX_MESSAGE - gap.length - head);
  if (isHigh(text.charCodeAt(head - 1))) head--;
  if (isLow(text.charCodeAt(tail))) tail++;
  return text.slice(0, head) + gap + text.slice(tail);
}

/** The finding (changed in place) with its message and fix titles bounded (see MAX_MESSAGE). */
export function boundTexts<F extends { message: string; fixes?: { title: string }[]; templates?: { title: string }[] }>(f: F): F {
  if (f.message.length > MAX_MESSAGE) f.message = boundedMessage(f.message);
  const fixes = titled(f.fixes);
  if (fixes !== f.fixes) f.fixes = fixes;
  const templates = titled(f.templates);
  if (templates !== f.templates) f.templates = templates;
  return f;
}

/** The list itself when every title is short; else a copy, long titles bounded in new fix objects (fixes may be shared by findings). */
function titled<T extends { title: string }>(list: T[] | undefined): T[] | undefined {
  if (!list?.some((x) => x.title.length > MAX_MESSAGE)) return list;
  return list.map((x) => (x.title.length > MAX_MESSAGE ? { ...x, title: boundedMessage(x.title) } : x));
}

const isHigh = (c: number) => c >= 0xd800 && c < 0xdc00;
const isLow = (c: number) => c >= 0xdc00 && c < 0xe000;

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
