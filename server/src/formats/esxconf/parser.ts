import { LineIndex, appendLine, deleteLine, detectEol } from '../../engine/text';
import type { Comment, ParsedDocument, TextEdit, ToolDiagnostic } from '../../engine/types';

/** One `/path/to/key = "value"` line of esx.conf. Offsets point into the file text. */
export interface EsxEntry {
  key: string;
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  /** the raw value token, quotes included */
  valueStart: number;
  valueEnd: number;
  quoted: boolean;
}

export interface EsxConfModel {
  entries: EsxEntry[];
  index: LineIndex;
  /** the effective entry for a key (the last one wins); keys are case-sensitive */
  get(key: string): EsxEntry | undefined;
  /** effective entries whose key matches */
  matching(re: RegExp): EsxEntry[];
  /** true when some key starts with the prefix */
  hasPrefix(prefix: string): boolean;
  /**
   * Human name of the object a key belongs to: `child[NNNN]` segments are resolved through their
   * `…/name` sibling, e.g. "vSwitch1 / port group Trunk".
   */
  describe(key: string): string;
  setValue(entry: EsxEntry, value: string): TextEdit[];
  /** insert `key = "value"` after the last line whose key starts with `near` (a folder prefix ending in /), or at the end */
  add(key: string, value: string, near: string): TextEdit;
  remove(entry: EsxEntry): TextEdit;
}

const KEY = /^\/[A-Za-z0-9_.\-\[\]/:@]+$/;

/** esx.conf values are written in double quotes; a backslash escapes a quote or a backslash. */
function unescape(raw: string): string {
  return raw.replace(/\\(["\\])/g, '$1');
}

function escape(value: string): string {
  return value.replace(/(["\\])/g, '\\$1');
}

export function parseEsxConf(text: string): ParsedDocument<EsxConfModel> {
  const index = new LineIndex(text);
  const entries: EsxEntry[] = [];
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = [];

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
    const eq = text.indexOf('=', i);
    if (eq < 0 || eq >= le) {
      diagnostics.push(parseError(i, le, line, 'This line is not `/path/key = "value"`; ESXi ignores it or fails to load its configuration.'));
      continue;
    }
    let keyEnd = eq;
    while (keyEnd > i && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    const key = text.slice(i, keyEnd);
    if (!KEY.test(key)) {
      diagnostics.push(parseError(i, keyEnd > i ? keyEnd : le, line, `\`${truncate(key)}\` is not an esx.conf key (keys are paths starting with /).`));
      continue;
    }
    let v = eq + 1;
    while (v < le && isSpace(text.charCodeAt(v))) v++;
    let valueEnd: number;
    let value: string;
    let quoted = false;
    if (text[v] === '"') {
      quoted = true;
      let close = -1;
      for (let j = v + 1; j < le; j++) {
        const c = text[j];
        if (c === '\\') j++;
        else if (c === '"') {
          close = j;
          break;
        }
      }
      if (close < 0) {
        diagnostics.push(parseError(v, le, line, `The value of \`${truncate(key)}\` has no closing quote.`));
        valueEnd = le;
        value = unescape(text.slice(v + 1, le));
      } else {
        valueEnd = close + 1;
        value = unescape(text.slice(v + 1, close));
      }
    } else {
      valueEnd = le;
      while (valueEnd > v && isSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
      value = text.slice(v, valueEnd);
    }
    let rest = valueEnd;
    while (rest < le && isSpace(text.charCodeAt(rest))) rest++;
    if (rest < le) {
      if (text[rest] === '#') comments.push({ start: rest, end: le, text: text.slice(rest + 1, le), trailing: true });
      else diagnostics.push(parseError(rest, le, line, `Unexpected text after the value of \`${truncate(key)}\`.`));
    }
    entries.push({ key, value, line, keyStart: i, keyEnd, valueStart: v, valueEnd, quoted });
  }

  const effective = new Map<string, EsxEntry>();
  for (const e of entries) {
    const prev = effective.get(e.key);
    if (prev) {
      diagnostics.push({
        code: 'VH-DUPLICATE-KEY',
        start: prev.keyStart,
        end: prev.valueEnd,
        severity: 'low',
        message: `\`${prev.key}\` is set again on line ${e.line + 1}; the last value, "${truncate(e.value)}", is the one ESXi reads.`,
        locator: `${prev.key}#duplicate`,
        fixes: [{ title: `Delete the overridden \`${prev.key}\` line`, safety: 'safe', edits: [deleteLine(index, prev.line)] }],
      });
    }
    effective.set(e.key, e);
  }

  let lastUnder: Map<string, EsxEntry> | undefined;
  let eol: string | undefined;
  const model: EsxConfModel = {
    entries,
    index,
    get: (key) => effective.get(key),
    matching: (re) => [...effective.values()].filter((e) => re.test(e.key)),
    hasPrefix: (prefix) => entries.some((e) => e.key.startsWith(prefix)),
    describe: (key) => describeKey(key, effective),
    setValue: (entry, value) => [{ start: entry.valueStart, end: entry.valueEnd, newText: `"${escape(value)}"` }],
    add: (key, value, near) => {
      const line = `${key} = "${escape(value)}"`;
      const last = (lastUnder ??= lastEntryUnder(entries)).get(near);
      if (!last) return appendLine(text, line);
      // insertLineAfter, with the line break style worked out once per file rather than per edit
      const at = index.lineEnd(last.line);
      return { start: at, end: at, newText: (eol ??= detectEol(text)) + line };
    },
    remove: (entry) => deleteLine(index, entry.line),
  };
  return { format: 'esxconf', model, comments, diagnostics };
}

/** For every folder prefix of the keys ("/adv/", "/adv/Net/"), the entry on the highest line under it. */
function lastEntryUnder(entries: EsxEntry[]): Map<string, EsxEntry> {
  const out = new Map<string, EsxEntry>();
  for (const e of entries) {
    for (let i = e.key.indexOf('/', 1); i >= 0; i = e.key.indexOf('/', i + 1)) {
      const prefix = e.key.slice(0, i + 1);
      const prev = out.get(prefix);
      if (!prev || e.line > prev.line) out.set(prefix, e);
    }
  }
  return out;
}

const KIND_NAMES: Record<string, string> = { portgroup: 'port group ', vswitch: '', vmknic: 'VMkernel NIC ', pnic: 'physical NIC ' };

function describeKey(key: string, effective: Map<string, EsxEntry>): string {
  const parts: string[] = [];
  const segments = key.split('/');
  let prefix = '';
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i]!;
    prefix += '/' + seg;
    const m = /^child\[(\d+)\]$/.exec(seg);
    if (!m) continue;
    const kind = segments[i - 1] ?? '';
    const name = effective.get(`${prefix}/name`)?.value;
    parts.push(name ? `${KIND_NAMES[kind] ?? ''}${name}` : `${kind}[${Number(m[1])}]`);
  }
  return parts.join(' / ');
}

function parseError(start: number, end: number, line: number, message: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start, end: Math.max(end, start), severity: 'low', message, locator: `line-shape:${line}` };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff;
}

function truncate(s: string, n = 60): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
