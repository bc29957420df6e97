import { LineIndex, deleteLine, indexBefore } from '../../engine/text';
import type { Comment, ToolDiagnostic } from '../../engine/types';
import { quotable, truncate } from '../common/assignments';
import { hasTemplate, isTemplateLine } from '../common/template';
import { diagnosticList } from '../../engine/diagnostics';

/** One `name=value` (or bare `value`) item of a Proxmox property string such as `virtio=AA:BB,bridge=vmbr0`. */
export interface PropOption {
  /** '' for a bare value (the format's default key) */
  key: string;
  value: string;
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** Splits `text[start, end)` at commas into options with exact offsets. Linear, no backtracking. */
export function parseProps(text: string, start: number, end: number): PropOption[] {
  const out: PropOption[] = [];
  let s = start;
  while (s <= end) {
    let e = indexBefore(text, ',', s, end);
    if (e < 0) e = end;
    let a = s;
    let b = e;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (b > a) {
      const eq = indexBefore(text, '=', a, b);
      if (eq >= 0) {
        out.push({ key: text.slice(a, eq).trim(), value: text.slice(eq + 1, b), start: a, end: b, keyStart: a, keyEnd: eq, valueStart: eq + 1, valueEnd: b });
      } else {
        out.push({ key: '', value: text.slice(a, b), start: a, end: b, keyStart: a, keyEnd: a, valueStart: a, valueEnd: b });
      }
    }
    if (e === end) break;
    s = e + 1;
  }
  return out;
}

/** One `key: value` line. */
export interface KvEntry {
  key: string;
  lower: string;
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** undefined for the live (first) section; the section name (`snapshot1`, `PENDING`, `special:cloudinit`) otherwise */
  section?: string;
  locator: string;
}

export interface KvDocument {
  index: LineIndex;
  entries: KvEntry[];
  comments: Comment[];
  diagnostics: ToolDiagnostic[];
}

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Parses Proxmox `key: value` files (qemu-server VM configs, datacenter.cfg). `#` starts a comment only
 * at the beginning of a line; `[name]` lines open a section when `sections` is true. `keys` is the
 * key syntax (LXC configs also have raw `lxc.*` keys with dots); keys matching `repeats` are lists
 * (a container's raw `lxc.*` keys), not duplicates. Template code is skipped.
 */
export function parseKv(text: string, what: string, sections: boolean, keys = KEY, repeats?: RegExp): KvDocument {
  const index = new LineIndex(text);
  const entries: KvEntry[] = [];
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  let section: string | undefined;
  for (let line = 0; line < index.lineCount; line++) {
    const ls = index.lineStart(line);
    const le = index.lineEnd(line);
    let i = ls;
    while (i < le && isSpace(text.charCodeAt(i))) i++;
    let end = le;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    if (i === end) continue;
    if (text[i] === '#') {
      comments.push({ start: i, end: le, text: text.slice(i + 1, le), trailing: false });
      continue;
    }
    if (isTemplateLine(text, i, end)) continue;
    if (sections && text[i] === '[') {
      if (text[end - 1] === ']' && end - i > 2) {
        section = text.slice(i + 1, end - 1).trim();
      } else {
        diagnostics.push(parseError(i, end, line, `This section header is not closed with \`]\`; Proxmox cannot read the ${what} from here on.`));
      }
      continue;
    }
    const colon = indexBefore(text, ':', i, end);
    if (colon < 0) {
      diagnostics.push(parseError(i, end, line, `This line is not \`key: value\`; Proxmox refuses or ignores it in the ${what}.`));
      continue;
    }
    let keyEnd = colon;
    while (keyEnd > i && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    const key = text.slice(i, keyEnd);
    if (hasTemplate(key)) continue;
    if (!keys.test(key)) {
      diagnostics.push(parseError(i, Math.max(keyEnd, colon + 1), line, `\`${truncate(key)}\` is not a valid key in the ${what}.`));
      continue;
    }
    let v = colon + 1;
    while (v < end && isSpace(text.charCodeAt(v))) v++;
    const lower = key.toLowerCase();
    entries.push({ key, lower, value: text.slice(v, end), line, keyStart: i, keyEnd, valueStart: v, valueEnd: end, section, locator: section === undefined ? lower : `[${section}]${lower}` });
  }

  const seen = new Map<string, KvEntry>();
  for (const e of entries) {
    if (repeats?.test(e.lower)) continue;
    const id = `${e.section ?? ''}\u0000${e.lower}`;
    const prev = seen.get(id);
    if (prev) {
      diagnostics.push({
        code: 'VH-DUPLICATE-KEY',
        start: prev.keyStart,
        end: prev.valueEnd,
        severity: 'low',
        message: `\`${prev.key}\` is set again on line ${e.line + 1}; Proxmox uses the last value, ${quotable(e.key, e.value)}.`,
        locator: `${prev.locator}#duplicate`,
        fixes: [{ title: `Delete the overridden \`${prev.key}\` line`, safety: 'safe', edits: [deleteLine(index, prev.line)] }],
      });
    }
    seen.set(id, e);
  }
  return { index, entries, comments, diagnostics };
}

/** The last entry of `key` in the live section (what Proxmox uses). */
export function liveEntry(doc: { entries: KvEntry[] }, key: string): KvEntry | undefined {
  let found: KvEntry | undefined;
  for (const e of doc.entries) if (e.section === undefined && e.lower === key) found = e;
  return found;
}

export function parseError(start: number, end: number, line: number, message: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start, end: Math.max(end, start), severity: 'low', message, locator: `line-shape:${line}` };
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff;
}

export { truncate } from '../common/assignments';

/** Basename of a /-separated path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
