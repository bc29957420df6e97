import { LineIndex } from '../../engine/text';
import type { Comment, Format, ToolDiagnostic } from '../../engine/types';
import { isSpace, parseError, truncate } from '../proxmox-common/kv';
import { diagnosticList } from '../../engine/diagnostics';

/** One `NAME="value"` assignment of /etc/default/pveproxy. */
export interface ShellVar {
  name: string;
  value: string;
  line: number;
  start: number;
  end: number;
  /** the value without its quotes */
  valueStart: number;
  valueEnd: number;
}

export interface PveProxyModel {
  vars: ShellVar[];
  index: LineIndex;
  /** the variable that is in effect (the last assignment) */
  get(name: string): ShellVar | undefined;
}

export function parsePveProxy(text: string): { model: PveProxyModel; comments: Comment[]; diagnostics: ToolDiagnostic[] } {
  const index = new LineIndex(text);
  const vars: ShellVar[] = [];
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  for (let line = 0; line < index.lineCount; line++) {
    const ls = index.lineStart(line);
    const le = index.lineEnd(line);
    let i = ls;
    while (i < le && isSpace(text.charCodeAt(i))) i++;
    if (i === le) continue;
    if (text[i] === '#') {
      comments.push({ start: i, end: le, text: text.slice(i + 1, le), trailing: false });
      continue;
    }
    if (text.startsWith('export', i) && isSpace(text.charCodeAt(i + 6))) {
      i += 6;
      while (i < le && isSpace(text.charCodeAt(i))) i++;
    }
    let n = i;
    while (n < le && /[A-Za-z0-9_]/.test(text[n]!)) n++;
    if (n === i || text[n] !== '=') {
      diagnostics.push(parseError(i, le, line, `This line is not a \`NAME="value"\` assignment; pveproxy does not read it.`));
      continue;
    }
    const name = text.slice(i, n);
    let v = n + 1;
    let valueStart = v;
    let valueEnd: number;
    let end: number;
    const q = text[v];
    if (q === '"' || q === "'") {
      const close = text.indexOf(q, v + 1);
      valueStart = v + 1;
      if (close < 0 || close >= le) {
        diagnostics.push(parseError(v, le, line, `The value of ${name} has no closing quote.`));
        valueEnd = le;
        end = le;
      } else {
        valueEnd = close;
        end = close + 1;
      }
    } else {
      while (v < le && !isSpace(text.charCodeAt(v)) && text[v] !== '#') v++;
      valueEnd = v;
      end = v;
    }
    let rest = end;
    while (rest < le && isSpace(text.charCodeAt(rest))) rest++;
    if (rest < le) {
      if (text[rest] === '#') comments.push({ start: rest, end: le, text: text.slice(rest + 1, le), trailing: true });
      else diagnostics.push(parseError(rest, le, line, `Unexpected text after the value of ${truncate(name)}.`));
    }
    vars.push({ name, value: text.slice(valueStart, valueEnd), line, start: i, end, valueStart, valueEnd });
  }
  const model: PveProxyModel = {
    vars,
    index,
    get: (name) => {
      let found: ShellVar | undefined;
      for (const v of vars) if (v.name === name) found = v;
      return found;
    },
  };
  return { model, comments, diagnostics };
}

export const pveProxyFormat: Format<PveProxyModel> = {
  id: 'proxmox-pveproxy',
  name: 'Proxmox VE /etc/default/pveproxy',
  languageId: 'proxmox-pveproxy',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)default\/pveproxy$/.test(path),
  matchesContent: (text) => {
    let hit = false;
    for (const raw of text.slice(0, 4096).split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (!/^[A-Z][A-Z0-9_]*=/.test(line)) return false;
      if (/^(ALLOW_FROM|DENY_FROM)=/.test(line)) hit = true;
    }
    return hit;
  },
  parse: (text) => {
    const { model, comments, diagnostics } = parsePveProxy(text);
    return { format: 'proxmox-pveproxy', model, comments, diagnostics };
  },
};
