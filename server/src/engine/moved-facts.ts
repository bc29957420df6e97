import type { Evidence } from './context';
import type { FileFacts } from './engine';
import type { Located, SnippetSite } from './fabric';
import { byPosition, type Finding, type Fix } from './types';

/**
 * A keystroke within a line moves a file's facts (switches, ports, mirrors) without changing what
 * they say: the cross-file rules would judge its scope as before, and only the positions of the
 * file's own cross-file findings change. The session then moves those findings instead of judging
 * the scope again (in a host tree of 50 files that is most of what the workspace adds to a
 * keystroke). Anything else (a fact added, removed or changed, a line added or removed, a
 * suppression comment moved, a fix edit that is not at an offset a fact gives) is judged again in full.
 */

type Place = Pick<Located, 'start' | 'end' | 'line' | 'character' | 'endLine' | 'endCharacter'>;

/** Where a fact is: what a keystroke within a line may change. `line` and `endLine` must stay (line suppressions go by them). */
const PLACE = new Set(['start', 'end', 'character', 'endCharacter', 'snippet']);
/** Where a mirror snippet goes: the rest of the site (indent, line ending, style) must stay. */
const SITE = new Set(['at']);

const plain = (x: object): boolean => {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/**
 * Structural equality of plain data: primitives, arrays and plain objects (facts are copies of
 * those). Anything else (a RegExp, a Map, a function) is the same only when it is the same object.
 */
export function same(a: unknown, b: unknown, skip?: Set<string>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (!Array.isArray(a) && (!plain(a) || !plain(b))) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) {
    if (!(k in y)) return false;
    if (skip?.has(k)) continue;
    if (!same(x[k], y[k])) return false;
  }
  return true;
}

const key = (start: number, end: number): string => `${start}:${end}`;

/** Where a moved file's facts are now: each fact range (by its old `start:end`), and each offset a fact gives (its ends, its snippet site). */
export interface Moved {
  spans: Map<string, Place>;
  offsets: Map<number, number>;
}

/**
 * Where each of the file's facts is now, when the facts say the same as before on the same lines
 * and the cross-file suppression comments are unchanged; undefined otherwise.
 */
export function movedFacts(was: FileFacts, is: FileFacts): Moved | undefined {
  if (was.path !== is.path || was.format !== is.format || !same(was.directives, is.directives)) return undefined;
  const moved: Moved = { spans: new Map(), offsets: new Map() };
  const offset = (from: number, to: number): boolean => {
    const known = moved.offsets.get(from);
    moved.offsets.set(from, to);
    return known === undefined || known === to;
  };
  const pair = (a: readonly (Located & { snippet?: SnippetSite })[], b: readonly (Located & { snippet?: SnippetSite })[]): boolean => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (!same(x, y, PLACE)) return false;
      if (x.snippet || y.snippet) {
        if (!x.snippet || !y.snippet || !same(x.snippet, y.snippet, SITE) || !offset(x.snippet.at, y.snippet.at)) return false;
      }
      if (!offset(x.start, y.start) || !offset(x.end, y.end)) return false;
      const to = { start: y.start, end: y.end, line: y.line, character: y.character, endLine: y.endLine, endCharacter: y.endCharacter };
      const k = key(x.start, x.end);
      const known = moved.spans.get(k);
      if (known && !same(known, to)) return false;
      moved.spans.set(k, to);
    }
    return true;
  };
  return pair(was.switches, is.switches) && pair(was.ports, is.ports) && pair(was.mirrors, is.mirrors) ? moved : undefined;
}

/** Fixes with their edits moved; undefined when an edit is not at an offset a fact gave. */
function moveFixes(fixes: readonly Fix[], offsets: Map<number, number>): Fix[] | undefined {
  const out: Fix[] = [];
  for (const fix of fixes) {
    const edits = [];
    for (const e of fix.edits) {
      const start = offsets.get(e.start);
      const end = offsets.get(e.end);
      if (start === undefined || end === undefined) return undefined;
      edits.push({ ...e, start, end });
    }
    out.push({ ...fix, edits });
  }
  return out;
}

/**
 * The file's cross-file findings at the new places of the facts they are on, in the order the
 * cross-file pass gives them, their fixes and templates moved too; undefined when one is not on a
 * fact range, or has an edit that is not at an offset a fact gave.
 */
export function moveFindings(list: readonly Finding[], moved: Moved): Finding[] | undefined {
  const out: Finding[] = [];
  for (const f of list) {
    const to = moved.spans.get(key(f.start, f.end));
    if (!to) return undefined;
    const next: Finding = { ...f, ...to };
    if (f.fixes) {
      const fixes = moveFixes(f.fixes, moved.offsets);
      if (!fixes) return undefined;
      next.fixes = fixes;
    }
    if (f.templates) {
      const templates = moveFixes(f.templates, moved.offsets);
      if (!templates) return undefined;
      next.templates = templates;
    }
    out.push(next);
  }
  // as scopeFindings sorts them; a keystroke keeps the order of the facts, so ties stay as they were
  return out.sort(byPosition);
}

/** Whether two evidence lists say the same of the host (their `host` items, in order). */
export function sameHostEvidence(a: readonly Evidence[] | undefined, b: readonly Evidence[] | undefined): boolean {
  return same((a ?? []).filter((e) => e.scope === 'host'), (b ?? []).filter((e) => e.scope === 'host'));
}
