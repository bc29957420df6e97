import type { Finding, Format, TextEdit } from '../engine/types';
import { LineIndex, detectEol } from '../engine/text';

/**
 * A suppression comment in the format's comment syntax. XML comments may not contain `--`,
 * so there the reason follows a colon.
 */
export function directiveComment(format: Format<any>, directive: string, ruleId: string): string {
  return 'line' in format.comment
    ? `${format.comment.line} ${directive} ${ruleId} -- reason`
    : `${format.comment.open} ${directive} ${ruleId}: reason ${format.comment.close}`;
}

/**
 * Edit that suppresses `finding` on its line: appends the id to a `vharden-ignore` comment
 * on the line above when there is one, otherwise inserts a new comment line above with the
 * same indentation.
 */
export function suppressLineEdit(text: string, format: Format<any>, finding: Finding): TextEdit {
  const index = new LineIndex(text);
  const line = finding.line;
  if (line > 0) {
    const above = text.slice(index.lineStart(line - 1), index.lineEnd(line - 1));
    const end = directiveIdsEnd(above);
    if (end !== undefined) {
      const at = index.lineStart(line - 1) + end;
      return { start: at, end: at, newText: `,${finding.ruleId}` };
    }
  }
  const start = index.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(start, index.lineEnd(line)))![0];
  const eol = detectEol(text);
  return { start, end: start, newText: `${indent}${directiveComment(format, 'vharden-ignore', finding.ruleId)}${eol}` };
}

const ID_CHAR = /[A-Za-z0-9*?_-]/;
const LIST_CHAR = /[A-Za-z0-9*?_,\- ]/;
const SPACE = /\s/;

/**
 * Where the rule ids of a `vharden-ignore` (not `-file`) comment in `line` end: after the first id
 * character, in the id list that follows the keyword and blanks, that is followed by blanks and then
 * `--`, `:` or the end of the line. Linear: blanks are skipped through a precomputed table, and the
 * keyword is not tried again inside an id list already read (a regex did both, quadratic on a long line).
 */
export function directiveIdsEnd(line: string): number | undefined {
  const n = line.length;
  const nonBlank = new Int32Array(n + 1);
  nonBlank[n] = n;
  for (let i = n - 1; i >= 0; i--) nonBlank[i] = SPACE.test(line[i]!) ? nonBlank[i + 1]! : i;
  const KEY = 'vharden-ignore';
  let readUpTo = 0;
  for (let k = line.indexOf(KEY); k >= 0; k = line.indexOf(KEY, k + 1)) {
    const after = k + KEY.length;
    if (line.startsWith('-file', after) || !SPACE.test(line[after] ?? '')) continue;
    let p = nonBlank[after]!;
    if (p < readUpTo) continue; // inside an id list that has been read: no end there
    for (; p < n && LIST_CHAR.test(line[p]!); p++) {
      if (!ID_CHAR.test(line[p]!)) continue;
      const q = nonBlank[p + 1]!;
      if (q === n || line[q] === ':' || line.startsWith('--', q)) return p + 1;
    }
    readUpTo = p;
  }
  return undefined;
}

/** Edit that adds a file-wide suppression at the top of the file (after an XML declaration or a shebang). */
export function suppressFileEdit(text: string, format: Format<any>, ruleId: string): TextEdit {
  const eol = detectEol(text);
  let at = 0;
  const first = /^(<\?xml[^>]*\?>|#![^\r\n]*)(\r\n|\n|\r)?/.exec(text);
  if (first) at = first[0].length;
  const lead = first && !first[2] ? eol : '';
  return { start: at, end: at, newText: `${lead}${directiveComment(format, 'vharden-ignore-file', ruleId)}${eol}` };
}
