import { LineIndex, appendLine, deleteLines } from '../../engine/text';
import type { Comment, ParsedDocument, TextEdit, ToolDiagnostic } from '../../engine/types';
import type { VmxSetting, VmxSettings, VmxTarget } from './settings';

/** One `key = "value"` line of a .vmx file. Offsets point into the file text. */
export interface VmxEntry extends VmxSetting {
  line: number;
  keyStart: number;
  keyEnd: number;
  /** the raw value token, quotes included */
  rawStart: number;
  rawEnd: number;
  quoted: boolean;
}

export interface VmxModel extends VmxSettings {
  entries: VmxEntry[];
  index: LineIndex;
}

const KEY = /^[A-Za-z0-9_.:\-@*\[\]]+$/;

/** VMware encodes special characters in values as `|XX` (hex byte), e.g. `|22` for a double quote. */
export function decodeVmxValue(raw: string): string {
  return raw.replace(/\|([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function encodeVmxValue(value: string): string {
  return value.replace(/[|"#\r\n]/g, (c) => '|' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

export function parseVmx(text: string): ParsedDocument<VmxModel> {
  const index = new LineIndex(text);
  const entries: VmxEntry[] = [];
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
      diagnostics.push(parseError(i, le, line, 'This line is not `key = "value"`; VMware ignores it or refuses to load the VM.'));
      continue;
    }
    let keyEnd = eq;
    while (keyEnd > i && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    const key = text.slice(i, keyEnd);
    if (!KEY.test(key)) {
      diagnostics.push(parseError(i, keyEnd || le, line, `\`${truncate(key)}\` is not a valid .vmx key.`));
      continue;
    }
    let v = eq + 1;
    while (v < le && isSpace(text.charCodeAt(v))) v++;
    let rawEnd: number;
    let value: string;
    let quoted = false;
    if (text[v] === '"') {
      quoted = true;
      const close = text.indexOf('"', v + 1);
      if (close < 0 || close >= le) {
        diagnostics.push(parseError(v, le, line, `The value of \`${truncate(key)}\` has no closing quote; the rest of the line is taken as its value.`));
        rawEnd = le;
        value = decodeVmxValue(text.slice(v + 1, le));
      } else {
        rawEnd = close + 1;
        value = decodeVmxValue(text.slice(v + 1, close));
      }
    } else {
      rawEnd = v;
      while (rawEnd < le && text[rawEnd] !== '#') rawEnd++;
      while (rawEnd > v && isSpace(text.charCodeAt(rawEnd - 1))) rawEnd--;
      value = decodeVmxValue(text.slice(v, rawEnd));
    }
    let rest = rawEnd;
    while (rest < le && isSpace(text.charCodeAt(rest))) rest++;
    if (rest < le) {
      if (text[rest] === '#') comments.push({ start: rest, end: le, text: text.slice(rest + 1, le), trailing: true });
      else diagnostics.push(parseError(rest, le, line, `Unexpected text after the value of \`${truncate(key)}\`.`));
    }
    entries.push({
      key,
      lower: key.toLowerCase(),
      value,
      line,
      keyStart: i,
      keyEnd,
      start: i,
      end: rawEnd,
      valueStart: v,
      valueEnd: rawEnd,
      rawStart: v,
      rawEnd,
      quoted,
      locator: key.toLowerCase(),
    });
  }

  const effective = new Map<string, VmxEntry>();
  const shadowed = new Map<string, VmxEntry[]>();
  for (const e of entries) {
    const prev = effective.get(e.lower);
    if (prev) {
      let list = shadowed.get(e.lower);
      if (!list) shadowed.set(e.lower, (list = []));
      list.push(prev);
    }
    effective.set(e.lower, e);
  }
  for (const [lower, list] of shadowed) {
    const winner = effective.get(lower)!;
    // one fix removes every overridden line of the key, so applying it again changes nothing
    const edits = deleteLines(index, list.map((p) => p.line));
    for (const prev of list) {
      diagnostics.push({
        code: 'VH-DUPLICATE-KEY',
        start: prev.keyStart,
        end: prev.rawEnd,
        severity: 'low',
        message: `\`${prev.key}\` is set again on line ${winner.line + 1} (keys are case-insensitive); the last value, "${truncate(winner.value)}", is the one VMware uses.`,
        locator: `${lower}#duplicate`,
        fixes: [{ title: list.length > 1 ? `Delete the ${list.length} overridden \`${prev.key}\` lines` : `Delete the overridden \`${prev.key}\` line`, safety: 'safe', edits }],
      });
    }
  }

  const first = entries[0];
  const model: VmxModel = {
    entries,
    index,
    target: detectTarget(effective),
    anchor: first ? { start: first.keyStart, end: first.keyEnd } : { start: 0, end: 0 },
    carrier: 'file',
    get: (key) => effective.get(key.toLowerCase()),
    matching: (re) => [...effective.values()].filter((e) => re.test(e.lower)),
    setValue: (entry, value) => {
      const e = entry as VmxEntry;
      return [{ start: e.rawStart, end: e.rawEnd, newText: `"${encodeVmxValue(value)}"` }];
    },
    add: (key, value) => [appendLine(text, `${key} = "${encodeVmxValue(value)}"`)],
    // removing a key removes every line that sets it, or an overridden value would take effect
    remove: (setting) => deleteLines(index, entries.filter((e) => e.lower === setting.lower).map((e) => e.line)),
  };
  return { format: 'vmx', model, comments, diagnostics };
}

/**
 * ESXi, hosted (Workstation, Fusion, Player, GSX) or unknown. Paths on VMFS are the
 * strongest sign; `virtualHW.productCompatibility = "hosted"` also appears in ESXi
 * files, so it only counts when nothing points at ESXi.
 */
function detectTarget(effective: Map<string, VmxEntry>): VmxTarget {
  let hosted = false;
  let esxi = false;
  for (const e of effective.values()) {
    const v = e.value.toLowerCase();
    if (v.includes('/vmfs/volumes/')) return 'esxi';
    if (e.lower === 'virtualhw.productcompatibility' && v === 'hosted') hosted = true;
    if (/^ethernet\d+\.connectiontype$/.test(e.lower) && (v === 'nat' || v === 'hostonly')) hosted = true;
    if (/^ethernet\d+\.vnet$/.test(e.lower) || e.lower.startsWith('gui.') || e.lower.startsWith('sharedfolder')) hosted = true;
    if (/^ethernet\d+\.networkname$/.test(e.lower)) esxi = true;
  }
  if (hosted) return 'hosted';
  return esxi ? 'esxi' : 'unknown';
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

export type { TextEdit };
