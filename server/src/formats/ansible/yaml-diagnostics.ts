import type { Document } from 'yaml';
import { diagnosticList } from '../../engine/diagnostics';
import type { ToolDiagnostic } from '../../engine/types';

/**
 * vharden's diagnostics for the yaml library's errors in `docs` (the parse of `text`): a syntax error
 * or a duplicate key each. A full parse and an incremental one (yaml-incremental.ts) both make them here,
 * from the errors their documents hold.
 */
export function yamlDiagnostics(docs: readonly Document.Parsed[], text: string): ToolDiagnostic[] {
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  for (const doc of docs) {
    for (const e of doc.errors) {
      // The yaml library reports an error at the end of the text as [length, length + 1]: clamp into the document.
      const start = Math.min(e.pos[0], text.length);
      const duplicate = e.code === 'DUPLICATE_KEY';
      const end = Math.min(duplicate ? keyEnd(text, start) : e.pos[1], text.length);
      diagnostics.push({
        code: duplicate ? 'VH-DUPLICATE-KEY' : 'VH-PARSE-ERROR',
        start,
        end: Math.max(start, end),
        severity: 'low',
        message: duplicate
          ? `\`${text.slice(start, end) || 'This key'}\` appears twice in the same mapping; Ansible uses the last value and ignores the first.`
          : `YAML syntax error: ${firstLine(e.message)}`,
        locator: duplicate ? `yaml:duplicate:${text.slice(start, end)}` : `yaml:${e.code}`,
      });
    }
  }
  return diagnostics;
}

/** End of a plain key that starts at `start` (up to `:` or the end of the line, at most 200 characters). */
function keyEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && i - start < 200 && text[i] !== ':' && text[i] !== '\n' && text[i] !== '\r') i++;
  while (i > start && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** The first line of the yaml library's message, cut to 200 characters (it may quote a whole long token). */
function firstLine(s: string): string {
  const i = s.indexOf('\n');
  const line = i < 0 ? s : s.slice(0, i);
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
