/**
 * Glob matching in linear time, without regular expressions.
 *
 * Globs come from files vharden does not trust (`vharden-ignore` comments, `.vharden.yaml`). Turned
 * into a JavaScript RegExp, `****************!` becomes `^.*.*…!$`, which V8's backtracking engine
 * takes exponential time to reject on a 20-character rule id; the glob libraries at hand compile to
 * RegExps as well (picomatch did not finish `*a*a*a…!` on 40 characters in two minutes). So the
 * pattern is compiled once to a list of steps and run as a set of states over the name, one
 * character at a time: O(name length × pattern length) whatever the pattern, and patterns are
 * capped at MAX_GLOB_LENGTH characters.
 */

/** Longest glob accepted anywhere (rule ids, names, paths); longer ones are reported and not used. */
export const MAX_GLOB_LENGTH = 256;

/** Longest list of globs accepted in one `.vharden.yaml` key. */
export const MAX_GLOBS = 1000;

/**
 * One step of a compiled glob: `char` one given character (lower-cased when case is ignored), `one`
 * (`?`) one character, `star` (`*`) any run of characters — neither crossing `/` in a path —,
 * `any` (`**` inside a segment) any run including `/`, `folders` (`**` + `/`) nothing or any run
 * that ends with `/`, read in its `inside` step (which is left only right after a `/`).
 */
type Step = { kind: 'char'; c: string } | { kind: 'one' | 'star' | 'any' | 'folders' | 'inside' };

/** A compiled glob; `test` is linear in the length of the name. */
export interface Glob {
  readonly source: string;
  test(name: string): boolean;
  /** path globs: true when the path itself matches (not one of its folders) */
  exact?(path: string): boolean;
}

/** Reason a glob cannot be used, or undefined. */
export function globProblem(glob: string): string | undefined {
  return glob.length > MAX_GLOB_LENGTH ? `a pattern may be at most ${MAX_GLOB_LENGTH} characters long (this one has ${glob.length})` : undefined;
}

/**
 * A rule-id or name glob: `*` any run of characters, `?` one character, everything else itself;
 * case-insensitive. A pattern over the length cap matches nothing.
 */
export function nameGlob(glob: string): Glob {
  if (globProblem(glob)) return never(glob);
  const steps: Step[] = [];
  for (const ch of glob.toLowerCase()) {
    if (ch === '*') {
      if (steps[steps.length - 1]?.kind !== 'star') steps.push({ kind: 'star' });
    } else steps.push(ch === '?' ? { kind: 'one' } : { kind: 'char', c: ch });
  }
  const least = fixedLength(steps);
  const prog = program(steps);
  return { source: glob, test: (name) => name.length >= least && run(prog, name.toLowerCase(), false, false) };
}

/**
 * A path glob, gitignore-like: `*` and `?` stay inside one path segment, `**` spans segments, a
 * pattern without `/` (but a trailing one) matches a name at any depth, a leading `/` anchors it to
 * the config folder, and a pattern that matches a folder matches everything under it. Matched
 * against `/`-separated paths relative to that folder; case-sensitive.
 */
export function pathGlob(glob: string): Glob {
  if (globProblem(glob)) return never(glob);
  let g = glob.trim().replace(/\\/g, '/');
  let end = g.length;
  while (end > 0 && g[end - 1] === '/') end--;
  g = g.slice(0, end);
  const anchored = g.startsWith('/') || g.slice(0, -1).includes('/');
  g = g.startsWith('./') ? g.slice(2) : g.startsWith('/') ? g.slice(1) : g;
  const steps: Step[] = anchored ? [] : [{ kind: 'folders' }, { kind: 'inside' }];
  const last = () => steps[steps.length - 1]?.kind;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === '*' && g[i + 1] === '*') {
      // `**/**/` means `**/`, `****` means `**`
      if (g[i + 2] === '/') {
        if (last() !== 'inside') steps.push({ kind: 'folders' }, { kind: 'inside' });
        i += 2;
      } else {
        if (last() !== 'any') steps.push({ kind: 'any' });
        i += 1;
      }
    } else if (ch === '*') steps.push({ kind: 'star' });
    else if (ch === '?') steps.push({ kind: 'one' });
    else steps.push({ kind: 'char', c: ch });
  }
  const least = fixedLength(steps);
  const prog = program(steps);
  return {
    source: glob,
    test: (path) => {
      const p = path.length >= least ? normalisePath(path) : '';
      return p !== '' && run(prog, p, true, true);
    },
    exact: (path) => {
      const p = path.length >= least ? normalisePath(path) : '';
      return p !== '' && run(prog, p, true, false);
    },
  };
}

/** A matcher for several path globs; true when any matches the path or one of its folders. */
export function pathMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  const globs = patterns.map(pathGlob);
  return (relPath) => globs.some((g) => g.test(relPath));
}

/** How many characters any match has at least (a long pattern is rejected at once on a short name). */
function fixedLength(steps: Step[]): number {
  return steps.filter((s) => s.kind === 'char' || s.kind === 'one').length;
}

function never(source: string): Glob {
  return { source, test: () => false };
}

/** `a//b/` → `a/b`: the path's segments joined, as the folder test walks them. */
function normalisePath(path: string): string {
  return path.split('/').filter(Boolean).join('/');
}

/** Step kinds as numbers, for the inner loop. */
const CHAR = 0;
const ONE = 1;
const INSIDE = 2;
const STAR = 3;
const ANY = 4;
const FOLDERS = 5;
const KIND = { char: CHAR, one: ONE, inside: INSIDE, star: STAR, any: ANY, folders: FOLDERS };

/** The steps as arrays for the inner loop; one more entry than steps (the accepting state). */
interface Program {
  kinds: Uint8Array;
  codes: Int32Array;
}

function program(steps: Step[]): Program {
  const kinds = new Uint8Array(steps.length + 1);
  const codes = new Int32Array(steps.length + 1);
  steps.forEach((s, i) => {
    kinds[i] = KIND[s.kind];
    codes[i] = s.kind === 'char' ? s.c.charCodeAt(0) : -1;
  });
  return { kinds, codes };
}

/**
 * Run the steps over `text` as a set of states (state i: the steps before i have matched), kept as
 * a list so each character costs the number of live states. `path`: `*` and `?` do not match `/`.
 * `prefixes`: also accept when the steps match the text up to a `/` (a folder of the path).
 */
function run({ kinds, codes }: Program, text: string, path: boolean, prefixes: boolean): boolean {
  const m = kinds.length - 1;
  let cur = new Int32Array(m + 1);
  let next = new Int32Array(m + 1);
  const stamp = new Int32Array(m + 1);
  let gen = 1;
  let n = add(kinds, m, stamp, gen, cur, 0, 0);
  for (let p = 0; p < text.length; p++) {
    const ch = text.charCodeAt(p);
    if (prefixes && ch === 47 && stamp[m] === gen) return true;
    const inSegment = !(path && ch === 47);
    gen++;
    let len = 0;
    for (let j = 0; j < n; j++) {
      const i = cur[j]!;
      if (i === m) continue;
      const k = kinds[i];
      if (k === CHAR) {
        if (codes[i] === ch) len = add(kinds, m, stamp, gen, next, len, i + 1);
      } else if (k === ONE) {
        if (inSegment) len = add(kinds, m, stamp, gen, next, len, i + 1);
      } else if (k === STAR) {
        if (inSegment) len = add(kinds, m, stamp, gen, next, len, i);
      } else if (k === ANY) {
        len = add(kinds, m, stamp, gen, next, len, i);
      } else if (k === FOLDERS) {
        len = add(kinds, m, stamp, gen, next, len, i + 1);
        if (ch === 47) len = add(kinds, m, stamp, gen, next, len, i + 2);
      } else {
        len = add(kinds, m, stamp, gen, next, len, i);
        if (ch === 47) len = add(kinds, m, stamp, gen, next, len, i + 1);
      }
    }
    if (len === 0) return false;
    const t = cur;
    cur = next;
    next = t;
    n = len;
  }
  return stamp[m] === gen;
}

/** Add state `s` to `list` (once per generation), and the states after it that need no character (past `*`, `**`, `**` + `/`). */
function add(kinds: Uint8Array, m: number, stamp: Int32Array, gen: number, list: Int32Array, len: number, s: number): number {
  for (;;) {
    if (stamp[s] === gen) return len;
    stamp[s] = gen;
    list[len++] = s;
    if (s === m || kinds[s]! <= INSIDE) return len;
    s += kinds[s] === FOLDERS ? 2 : 1;
  }
}
