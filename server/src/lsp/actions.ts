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
    const m = /vharden-ignore(?!-file)\s+([A-Za-z0-9*?_,\- ]*?[A-Za-z0-9*?_-])(?=\s*(--|:|-->|$))/.exec(above);
    if (m) {
      const at = index.lineStart(line - 1) + m.index + m[0].length;
      return { start: at, end: at, newText: `,${finding.ruleId}` };
    }
  }
  const start = index.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(start, index.lineEnd(line)))![0];
  const eol = detectEol(text);
  return { start, end: start, newText: `${indent}${directiveComment(format, 'vharden-ignore', finding.ruleId)}${eol}` };
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
