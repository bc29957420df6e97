import { LineIndex, appendLine } from '../../engine/text';
import type { Comment, ParsedDocument, TextEdit, ToolDiagnostic } from '../../engine/types';
import { quotable, truncate } from '../common/assignments';
import { TemplateSpans, isTemplateLine } from '../common/template';
import { diagnosticList } from '../../engine/diagnostics';

/**
 * Parser for libvirt's daemon and driver configuration files (libvirtd.conf, virtproxyd.conf,
 * virtqemud.conf and the other modular daemons, qemu.conf). The syntax is libvirt's `virconf`:
 * `name = value` statements separated by line breaks or `;`, values are integers, strings in
 * single, double or triple double quotes (no escapes), or lists `[ v, v ]` that may span lines.
 * `#` starts a comment. libvirt uses the FIRST occurrence of a repeated key. Template code
 * (`{% if … %}` lines, `{{ x }}` values) is skipped or read as a value of unknown content.
 */

export interface ConfValue {
  /** `template`: Jinja or ERB code (`{{ x }}`, `<%= @x %>`) whose value is known only after rendering */
  kind: 'int' | 'string' | 'list' | 'invalid' | 'template';
  /** range of the whole value token (quotes and brackets included) */
  start: number;
  end: number;
  raw: string;
  int?: number;
  /** string contents without quotes */
  str?: string;
  quote?: '"' | "'" | '"""';
  items?: ConfValue[];
}

export interface ConfEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: ConfValue;
  /** 0-based lines of the key and of the value's end */
  line: number;
  endLine: number;
  locator: string;
}

/** A commented-out `#key = value` line (as in libvirt's shipped templates). */
export interface CommentedEntry {
  key: string;
  line: number;
  /** range of the comment, `#` included */
  start: number;
  end: number;
}

export interface ConfModel {
  text: string;
  index: LineIndex;
  entries: ConfEntry[];
  /** commented template lines, by key (the last one) */
  commented: Map<string, CommentedEntry>;
  /** the effective entry: libvirt reads the first occurrence */
  get(key: string): ConfEntry | undefined;
}

const NAME_START = /[A-Za-z]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const COMMENTED = /^#\s*([A-Za-z][A-Za-z0-9_]*)\s*=/;

export function parseLibvirtConf(text: string, format: string): ParsedDocument<ConfModel> {
  const index = new LineIndex(text);
  const entries: ConfEntry[] = [];
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  const commented = new Map<string, CommentedEntry>();
  const n = text.length;
  let i = 0;
  let lineHasCode = false;
  const templates = new TemplateSpans(text);

  const error = (start: number, end: number, message: string) =>
    diagnostics.push({ code: 'VH-PARSE-ERROR', start, end: Math.max(start, end), severity: 'low', message, locator: `line-shape:${index.position(start).line}` });
  const lineEndAt = (p: number) => {
    let e = p;
    while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
    return e;
  };
  const readComment = (p: number): number => {
    const e = lineEndAt(p);
    const body = text.slice(p + 1, e);
    comments.push({ start: p, end: e, text: body, trailing: lineHasCode });
    if (!lineHasCode) {
      const m = COMMENTED.exec(text.slice(p, e));
      if (m) commented.set(m[1]!, { key: m[1]!, line: index.position(p).line, start: p, end: e });
    }
    return e;
  };
  const skipBlanks = (p: number) => {
    while (p < n && (text[p] === ' ' || text[p] === '\t' || text[p] === '\ufeff')) p++;
    return p;
  };

  /** Parses one value at p; never throws, always advances past what it consumed. */
  const parseValue = (p: number, depth: number): ConfValue => {
    const c = text[p];
    const tag = templates.endOf(p);
    if (tag !== undefined) return { kind: 'template', start: p, end: tag, raw: text.slice(p, tag) };
    if (c === '"' || c === "'") {
      const triple = text.startsWith('"""', p);
      const q = triple ? '"""' : c;
      const bodyStart = p + q.length;
      const close = triple ? text.indexOf('"""', bodyStart) : scanLine(text, bodyStart, c);
      if (close < 0) {
        const e = triple ? n : lineEndAt(bodyStart);
        error(p, e, 'This string has no closing quote; libvirt refuses to load the file.');
        return { kind: 'invalid', start: p, end: e, raw: text.slice(p, e), str: text.slice(bodyStart, e), quote: q };
      }
      const end = close + q.length;
      return { kind: 'string', start: p, end, raw: text.slice(p, end), str: text.slice(bodyStart, close), quote: q };
    }
    if (c === '[') {
      if (depth > 0) {
        const e = lineEndAt(p);
        error(p, e, 'libvirt does not allow a list inside a list.');
        return { kind: 'invalid', start: p, end: e, raw: text.slice(p, e) };
      }
      const items: ConfValue[] = [];
      let q = p + 1;
      let expectItem = true;
      for (;;) {
        while (q < n && /[ \t\r\n\ufeff]/.test(text[q]!)) q++;
        if (q >= n) {
          error(p, p + 1, 'This list is not closed with `]`; libvirt refuses to load the file.');
          return { kind: 'invalid', start: p, end: n, raw: text.slice(p), items };
        }
        const d = text[q]!;
        if (d === ']') {
          q++;
          break;
        }
        if (d === '#') {
          const e = readComment(q);
          error(q, e, 'libvirt does not allow comments inside a list; it refuses to load the file.');
          q = e;
          continue;
        }
        if (d === ',') {
          if (expectItem) error(q, q + 1, 'Unexpected `,` in this list.');
          expectItem = true;
          q++;
          continue;
        }
        if (!expectItem) error(q, q + 1, 'Expected `,` between list items.');
        const item = parseValue(q, depth + 1);
        items.push(item);
        expectItem = false;
        if (item.kind === 'invalid' && item.end <= q) q = lineEndAt(q);
        else q = item.end;
        if (item.kind === 'invalid' && text[q] !== ']' && text[q] !== ',') {
          // recovery: skip to the end of the line
          q = Math.max(q, lineEndAt(q));
        }
      }
      return { kind: 'list', start: p, end: q, raw: text.slice(p, q), items };
    }
    let e = p;
    if (c === '-' || c === '+') e++;
    const digitsStart = e;
    while (e < n && text.charCodeAt(e) >= 48 && text.charCodeAt(e) <= 57) e++;
    if (e > digitsStart) {
      const raw = text.slice(p, e);
      return { kind: 'int', start: p, end: e, raw, int: Number(raw) };
    }
    e = p;
    while (e < n && !/[\s#;,\]]/.test(text[e]!)) e++;
    if (e === p) e = Math.min(n, p + 1);
    error(p, e, `Expected a number, a quoted string or a list, found \`${truncate(text.slice(p, e))}\`.`);
    return { kind: 'invalid', start: p, end: e, raw: text.slice(p, e) };
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      lineHasCode = false;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === ';' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '#') {
      i = readComment(i);
      continue;
    }
    const tag = templates.endOf(i);
    if (tag !== undefined) {
      i = tag;
      continue;
    }
    if (!NAME_START.test(c)) {
      const e = lineEndAt(i);
      error(i, e, `Expected \`name = value\`, found \`${truncate(text.slice(i, e))}\`.`);
      i = e;
      continue;
    }
    const keyStart = i;
    while (i < n && NAME_CHAR.test(text[i]!)) i++;
    const keyEnd = i;
    const key = text.slice(keyStart, keyEnd);
    lineHasCode = true;
    i = skipBlanks(i);
    if (text[i] !== '=') {
      const e = lineEndAt(i);
      error(keyStart, e, `\`${truncate(key)}\` has no \`=\`; libvirt refuses to load the file.`);
      i = e;
      continue;
    }
    i = skipBlanks(i + 1);
    if (i >= n || text[i] === '\n' || text[i] === '\r' || text[i] === '#') {
      error(keyStart, i, `\`${truncate(key)}\` has no value; libvirt refuses to load the file.`);
      continue;
    }
    const value = parseValue(i, 0);
    i = Math.max(value.end, i + 1);
    entries.push({ key, keyStart, keyEnd, value, line: index.position(keyStart).line, endLine: index.position(value.end).line, locator: key });
    i = skipBlanks(i);
    if (i < n && text[i] !== '#' && text[i] !== '\n' && text[i] !== '\r' && text[i] !== ';' && !isTemplateLine(text, i, lineEndAt(i))) {
      const e = lineEndAt(i);
      error(i, e, `Unexpected text after the value of \`${truncate(key)}\`.`);
      i = e;
    }
  }

  const first = new Map<string, ConfEntry>();
  for (const e of entries) {
    const prev = first.get(e.key);
    if (!prev) {
      first.set(e.key, e);
      continue;
    }
    diagnostics.push({
      code: 'VH-DUPLICATE-KEY',
      start: e.keyStart,
      end: e.value.end,
      severity: 'low',
      message: `\`${e.key}\` is already set on line ${prev.line + 1}; libvirt uses that first value (${quotable(e.key, prev.value.raw)}) and ignores this one.`,
      locator: `${e.key}#duplicate`,
      fixes: [{ title: `Delete the ignored \`${e.key}\` setting`, safety: 'safe', edits: [deleteEntryEdit(text, index, e)] }],
    });
  }

  const model: ConfModel = { text, index, entries, commented, get: (key) => first.get(key) };
  return { format, model, comments, diagnostics };
}

/** Position of the closing quote on the same line, or -1. */
function scanLine(text: string, from: number, quote: string): number {
  for (let p = from; p < text.length; p++) {
    const c = text[p];
    if (c === quote) return p;
    if (c === '\n' || c === '\r') return -1;
  }
  return -1;
}


// ---- edits ---------------------------------------------------------------------------------

/** Replace a string value's contents, keeping its quote style. */
export function setString(entry: ConfEntry, value: string): TextEdit[] {
  const v = entry.value;
  if (v.kind === 'string' && v.quote) return [{ start: v.start + v.quote.length, end: v.end - v.quote.length, newText: value }];
  return [{ start: v.start, end: v.end, newText: `"${value}"` }];
}

export function setRaw(entry: ConfEntry, raw: string): TextEdit[] {
  return [{ start: entry.value.start, end: entry.value.end, newText: raw }];
}

/** Comment out an entry: a `#` before the key and before every further line a multi-line value spans. */
export function commentOut(model: ConfModel, entry: ConfEntry): TextEdit[] {
  const edits: TextEdit[] = [{ start: entry.keyStart, end: entry.keyStart, newText: '#' }];
  for (let l = entry.line + 1; l <= entry.endLine; l++) {
    const s = model.index.lineStart(l);
    edits.push({ start: s, end: s, newText: '#' });
  }
  return edits;
}

/** Delete an entry's lines (whole lines, including the line break). */
export function deleteEntry(model: ConfModel, entry: ConfEntry): TextEdit[] {
  return [deleteEntryEdit(model.text, model.index, entry)];
}

function deleteEntryEdit(text: string, index: LineIndex, entry: ConfEntry): TextEdit {
  const start = index.lineStart(entry.line);
  const lastLine = entry.endLine;
  if (lastLine + 1 < index.lineCount) return { start, end: index.lineStart(lastLine + 1), newText: '' };
  // last line of the file without a break after it: remove the break before it
  const before = entry.line > 0 ? index.lineEnd(entry.line - 1) : 0;
  return { start: before, end: text.length, newText: '' };
}

/**
 * Set `key = raw`: replace the value when the key is set, otherwise uncomment the shipped
 * template line `#key = …` in place, otherwise append a line at the end of the file.
 */
export function ensureSetting(model: ConfModel, key: string, raw: string): TextEdit[] {
  const existing = model.get(key);
  if (existing) return setRaw(existing, raw);
  const c = model.commented.get(key);
  if (c) return [{ start: c.start, end: c.end, newText: `${key} = ${raw}` }];
  return [appendLine(model.text, `${key} = ${raw}`)];
}
