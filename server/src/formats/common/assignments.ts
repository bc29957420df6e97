import { deleteLines, indexBefore, type LineIndex } from '../../engine/text';
import type { Comment, ToolDiagnostic } from '../../engine/types';
import { hasTemplate, isTemplateLine } from './template';
import { diagnosticList } from '../../engine/diagnostics';

/**
 * Line scanner shared by the `key = "value"` formats (.vmx, esx.conf): one assignment per line,
 * `#` comments on their own line or after the value, exact offsets for key and value.
 */
export interface Assignment {
  key: string;
  /** decoded value, without quotes */
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  /** the raw value token, quotes included */
  valueStart: number;
  valueEnd: number;
  quoted: boolean;
}

export interface AssignmentSyntax {
  keyPattern: RegExp;
  /** a backslash escapes the next character inside quotes (esx.conf); .vmx has no such escape */
  backslashEscapes: boolean;
  /** an unquoted value ends at `#` (.vmx) or runs to the end of the line (esx.conf) */
  unquotedEndsAtHash: boolean;
  decode(raw: string): string;
  notAssignment: string;
  badKey(key: string): string;
  unterminated(key: string): string;
}

export function scanAssignments(text: string, index: LineIndex, syntax: AssignmentSyntax): { entries: Assignment[]; comments: Comment[]; diagnostics: ToolDiagnostic[] } {
  const entries: Assignment[] = [];
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  for (let line = 0; line < index.lineCount; line++) {
    const le = index.lineEnd(line);
    let i = index.lineStart(line);
    while (i < le && isSpace(text.charCodeAt(i))) i++;
    if (i === le) continue;
    if (text[i] === '#') {
      comments.push({ start: i, end: le, text: text.slice(i + 1, le), trailing: false });
      continue;
    }
    // template code (`{% if … %}`, `<% end %>`) is skipped; so are lines whose key is templated
    if (isTemplateLine(text, i, le)) continue;
    const eq = indexBefore(text, '=', i, le);
    if (eq < 0) {
      diagnostics.push(parseError(i, le, line, syntax.notAssignment));
      continue;
    }
    let keyEnd = eq;
    while (keyEnd > i && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    const key = text.slice(i, keyEnd);
    if (hasTemplate(key)) continue;
    if (!syntax.keyPattern.test(key)) {
      diagnostics.push(parseError(i, keyEnd > i ? keyEnd : le, line, syntax.badKey(truncate(key))));
      continue;
    }
    let v = eq + 1;
    while (v < le && isSpace(text.charCodeAt(v))) v++;
    let valueEnd: number;
    let value: string;
    const quoted = text[v] === '"';
    if (quoted) {
      const close = closingQuote(text, v + 1, le, syntax.backslashEscapes);
      if (close < 0) diagnostics.push(parseError(v, le, line, syntax.unterminated(truncate(key))));
      valueEnd = close < 0 ? le : close + 1;
      value = syntax.decode(text.slice(v + 1, close < 0 ? le : close));
    } else {
      valueEnd = v;
      while (valueEnd < le && !(syntax.unquotedEndsAtHash && text[valueEnd] === '#')) valueEnd++;
      while (valueEnd > v && isSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
      value = syntax.decode(text.slice(v, valueEnd));
    }
    let rest = valueEnd;
    while (rest < le && isSpace(text.charCodeAt(rest))) rest++;
    if (rest < le) {
      if (text[rest] === '#') comments.push({ start: rest, end: le, text: text.slice(rest + 1, le), trailing: true });
      else if (!isTemplateLine(text, rest, le)) diagnostics.push(parseError(rest, le, line, `Unexpected text after the value of \`${truncate(key)}\`.`));
    }
    entries.push({ key, value, line, keyStart: i, keyEnd, valueStart: v, valueEnd, quoted });
  }
  return { entries, comments, diagnostics };
}

function closingQuote(text: string, from: number, end: number, backslashEscapes: boolean): number {
  if (!backslashEscapes) {
    const close = text.indexOf('"', from);
    return close >= 0 && close < end ? close : -1;
  }
  for (let j = from; j < end; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return -1;
}

/**
 * The key each entry sets, last one winning: `effective` maps the normalised key to the entry in
 * effect, and every overridden entry gets a VH-DUPLICATE-KEY diagnostic; the first one of a key carries
 * the fix, which deletes all overridden lines of that key at once (so applying it again changes nothing).
 */
export function lastWins<E extends Assignment>(
  entries: E[],
  index: LineIndex,
  normalise: (key: string) => string,
  message: (overridden: E, winner: E) => string,
): { effective: Map<string, E>; diagnostics: ToolDiagnostic[] } {
  const effective = new Map<string, E>();
  const overridden = new Map<string, E[]>();
  for (const e of entries) {
    const k = normalise(e.key);
    const prev = effective.get(k);
    if (prev) {
      let list = overridden.get(k);
      if (!list) overridden.set(k, (list = []));
      list.push(prev);
    }
    effective.set(k, e);
  }
  // One fix per key, on its first overridden line: carried once, not once per duplicate (thousands of
  // duplicates would otherwise repeat thousands of edits in every report). The diagnostics that carry
  // a fix come first, so a capped list keeps them.
  const first: ToolDiagnostic[] = [];
  const rest: ToolDiagnostic[] = [];
  for (const [k, list] of overridden) {
    const winner = effective.get(k)!;
    const head = list[0]!;
    const fix = { title: list.length > 1 ? `Delete the ${list.length} overridden \`${head.key}\` lines` : `Delete the overridden \`${head.key}\` line`, safety: 'safe' as const, edits: deleteLines(index, list.map((p) => p.line)) };
    list.forEach((prev, i) => {
      const d: ToolDiagnostic = { code: 'VH-DUPLICATE-KEY', start: prev.keyStart, end: prev.valueEnd, severity: 'low', message: message(prev, winner), locator: `${k}#duplicate` };
      if (i === 0) first.push({ ...d, fixes: [fix] });
      else rest.push({ ...d, message: `${d.message} The fix on line ${head.line + 1} deletes every overridden line of this key.` });
    });
  }
  const diagnostics = [...first, ...rest];
  return { effective, diagnostics };
}

function parseError(start: number, end: number, line: number, message: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start, end: Math.max(end, start), severity: 'low', message, locator: `line-shape:${line}` };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff;
}

export function truncate(s: string, n = 60): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** Keys whose values are secrets (console passwords, tokens): messages say a value is there, never which. */
const SECRET_KEY = /pass(?:word|wd|phrase)?|secret|token|credential|private[-_.]?key|api[-_.]?key/i;

/** A value as a message may quote it: cut to length, and never the value of a secret key. */
export function quotable(key: string, value: string): string {
  return SECRET_KEY.test(key) ? '(a secret value, not shown)' : `"${truncate(value)}"`;
}
