import { LineIndex, appendLine, deleteLine, detectEol } from '../../engine/text';
import type { ParsedDocument, TextEdit } from '../../engine/types';
import { lastWins, quotable, scanAssignments, type Assignment, type AssignmentSyntax } from '../common/assignments';

/** One `/path/to/key = "value"` line of esx.conf. Offsets point into the file text. */
export type EsxEntry = Assignment;

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

const SYNTAX: AssignmentSyntax = {
  keyPattern: KEY,
  backslashEscapes: true,
  unquotedEndsAtHash: false,
  decode: (raw) => raw,
  notAssignment: 'This line is not `/path/key = "value"`; ESXi ignores it or fails to load its configuration.',
  badKey: (key) => `\`${key}\` is not an esx.conf key (keys are paths starting with /).`,
  unterminated: (key) => `The value of \`${key}\` has no closing quote.`,
};

export function parseEsxConf(text: string): ParsedDocument<EsxConfModel> {
  const index = new LineIndex(text);
  const { entries: scanned, comments, diagnostics } = scanAssignments(text, index, SYNTAX);
  const entries: EsxEntry[] = scanned.map((e) => (e.quoted ? { ...e, value: unescape(e.value) } : e));
  const { effective, diagnostics: duplicates } = lastWins(entries, index, (k) => k, (prev, winner) =>
    `\`${prev.key}\` is set again on line ${winner.line + 1}; the last value, ${quotable(winner.key, winner.value)}, is the one ESXi reads.`);
  for (const d of duplicates) diagnostics.push(d);

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
