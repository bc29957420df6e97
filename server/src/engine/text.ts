import type { TextEdit } from './types';

let lastIndex: LineIndex | undefined;

/** Maps offsets to 0-based line/character and back. Lines end at \n, \r\n or a lone \r. */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // LF only (most files): the native search is several times faster than a loop over the characters
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  /**
   * The index of `text`, shared with the last caller that asked for the same text: detection, the
   * engine and a format's parser each need one for the same text.
   */
  static of(text: string): LineIndex {
    if (lastIndex?.text !== text) lastIndex = new LineIndex(text);
    return lastIndex;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line]!;
    return Math.min(start + Math.max(0, character), this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** offset of the end of the line's content, before its line break */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[line + 1]!;
    if (this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13) return next - 2;
    return next - 1;
  }

  /** offset just after the line's line break (start of the next line) */
  lineEndWithBreak(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
  }
}

/**
 * The first `ch` in text[from, end), or -1. Unlike `indexOf`, it stops at `end`: per-line searches
 * with `indexOf` read on to the next occurrence, which on a file of lines without it is quadratic.
 */
export function indexBefore(text: string, ch: string, from: number, end: number): number {
  const c = ch.charCodeAt(0);
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === c) return i;
  return -1;
}

/**
 * Run `fn` with stack traces off: the YAML library makes an Error (with a captured stack) for every
 * problem, which on a hostile file (a 256 KB line of quotes: 100,000 errors) costs seconds.
 */
export function withoutStacks<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The file's dominant line break; edits that add lines use it so files keep their style. */
export function detectEol(text: string): string {
  if (pinned && text === pinned.text) return pinned.eol;
  // Rules ask once per fix, always about the same text: remember the last answer (one full scan per text, not per fix).
  if (text === eolCache.text) return eolCache.eol;
  // no CR at all (most files): LF, without counting the lines (one native search instead of a loop over every line)
  if (text.indexOf('\r') < 0) {
    eolCache.text = text;
    eolCache.eol = '\n';
    return '\n';
  }
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) cr++;
  const eol = cr > crlf && cr > lf ? '\r' : crlf > lf ? '\r\n' : '\n';
  eolCache.text = text;
  eolCache.eol = eol;
  return eol;
}

const eolCache: { text: string | undefined; eol: string } = { text: undefined, eol: '\n' };
let pinned: { text: string; eol: string } | undefined;

/** Lone CRs as LF: what parsers read. One code unit for one, so every offset stays exact. */
export function lfBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Run `work` with `detectEol(copy)` answering `eol`: parsers read a copy with LF for lone CRs
 * (`lfBreaks`), and the lines their fixes add must still use the original file's line break.
 */
export function withEol<T>(copy: string, eol: string, work: () => T): T {
  const before = pinned;
  pinned = { text: copy, eol };
  try {
    return work();
  } finally {
    pinned = before;
  }
}

/** Applies non-overlapping edits; overlapping ones (after the first) are skipped and counted. */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; skipped: number } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  let skipped = 0;
  for (const e of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) {
      skipped++;
      continue;
    }
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return { text: out + text.slice(pos), skipped };
}

/** Edit that inserts a whole line after the given line (or at the end of the file), in the file's EOL style. */
export function insertLineAfter(text: string, index: LineIndex, line: number, content: string): TextEdit {
  const eol = detectEol(text);
  const at = index.lineEnd(line);
  return { start: at, end: at, newText: eol + content };
}

/** Edit that appends a line at the end of the file, adding a missing final line break first. */
export function appendLine(text: string, content: string): TextEdit {
  const eol = detectEol(text);
  const endsWithBreak = text.length === 0 || text.endsWith('\n') || text.endsWith('\r');
  return { start: text.length, end: text.length, newText: (endsWithBreak ? '' : eol) + content + eol };
}

/** Edit that deletes a whole line including its line break. */
export function deleteLine(index: LineIndex, line: number): TextEdit {
  return deleteLines(index, [line])[0]!;
}

/**
 * Edits that delete whole lines, runs of adjacent lines merged into one edit so the edits never
 * overlap. A run that ends the file without a final line break takes the preceding break with it.
 */
export function deleteLines(index: LineIndex, lines: number[]): TextEdit[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const edits: TextEdit[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const first = sorted[i]!;
    const last = sorted[j]!;
    let start = index.lineStart(first);
    const end = index.lineEndWithBreak(last);
    const endsWithoutBreak = last === index.lineCount - 1;
    if (endsWithoutBreak && first > 0) start = index.lineEnd(first - 1);
    edits.push({ start, end, newText: '' });
    i = j + 1;
  }
  return edits;
}

/**
 * The edits that turn `before` into `after`, as small as a line diff allows: unchanged lines are
 * never replaced, and each changed run of lines is trimmed to the characters that differ. Used to
 * send fix-all as the edits it makes rather than as a whole new document. Myers' O((N+M)·D) line
 * diff; when more than `maxChanges` lines differ it falls back to one trimmed edit.
 */
export function diffEdits(before: string, after: string, maxChanges = 2000): TextEdit[] {
  if (before === after) return [];
  const a = splitKeepingBreaks(before);
  const b = splitKeepingBreaks(after);
  const script = myers(a, b, maxChanges);
  if (!script) return [trimmed(before, after, 0, before.length, 0, after.length)];
  const aStarts = offsets(a);
  const bStarts = offsets(b);
  const edits: TextEdit[] = [];
  for (const [i0, i1, j0, j1] of script) edits.push(trimmed(before, after, aStarts[i0]!, aStarts[i1]!, bStarts[j0]!, bStarts[j1]!));
  return edits;
}

function splitKeepingBreaks(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function offsets(lines: string[]): number[] {
  const out = [0];
  for (const l of lines) out.push(out[out.length - 1]! + l.length);
  return out;
}

/** The replacement of before[aStart, aEnd) by after[bStart, bEnd), without the characters both share at its ends. */
function trimmed(before: string, after: string, aStart: number, aEnd: number, bStart: number, bEnd: number): TextEdit {
  while (aStart < aEnd && bStart < bEnd && before.charCodeAt(aStart) === after.charCodeAt(bStart)) aStart++, bStart++;
  while (aEnd > aStart && bEnd > bStart && before.charCodeAt(aEnd - 1) === after.charCodeAt(bEnd - 1)) aEnd--, bEnd--;
  return { start: aStart, end: aEnd, newText: after.slice(bStart, bEnd) };
}

/** Changed runs as [aFrom, aTo, bFrom, bTo) line ranges, or undefined past `maxD` differences. */
function myers(a: string[], b: string[], maxD: number): [number, number, number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const off = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) x++, y++;
      next[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) return undefined;
  // walk back through the trace: each step is one inserted or deleted line
  const steps: ['del' | 'ins', number, number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const pv = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && pv[off + k - 1]! < pv[off + k + 1]!);
    const pk = down ? k + 1 : k - 1;
    const px = pv[off + pk]!;
    const py = px - pk;
    while (x > (down ? px : px + 1) && y > (down ? py + 1 : py)) x--, y--;
    if (down) steps.push(['ins', px, py]);
    else steps.push(['del', px, py]);
    x = px;
    y = py;
  }
  steps.reverse();
  // merge adjacent steps into runs
  const runs: [number, number, number, number][] = [];
  for (const [kind, sx, sy] of steps) {
    const last = runs[runs.length - 1];
    const [ax, bx] = kind === 'del' ? [sx + 1, sy] : [sx, sy + 1];
    if (last && last[1] === sx && last[3] === sy) {
      last[1] = ax;
      last[3] = bx;
    } else runs.push([sx, ax, sy, bx]);
  }
  return runs;
}
