import { LineIndex, appendLine, deleteLines } from '../../engine/text';
import type { ParsedDocument } from '../../engine/types';
import { lastWins, quotable, scanAssignments, type AssignmentSyntax } from '../common/assignments';
import type { VmxSetting, VmxSettings, VmxTarget } from './settings';

/** One `key = "value"` line of a .vmx file. Offsets point into the file text. */
export interface VmxEntry extends VmxSetting {
  line: number;
  keyStart: number;
  keyEnd: number;
  quoted: boolean;
}

export interface VmxModel extends VmxSettings {
  entries: VmxEntry[];
  index: LineIndex;
}

/** VMware encodes special characters in values as `|XX` (hex byte), e.g. `|22` for a double quote. */
export function decodeVmxValue(raw: string): string {
  return raw.replace(/\|([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function encodeVmxValue(value: string): string {
  return value.replace(/[|"#\r\n]/g, (c) => '|' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

const SYNTAX: AssignmentSyntax = {
  keyPattern: /^[A-Za-z0-9_.:\-@*\[\]]+$/,
  backslashEscapes: false,
  unquotedEndsAtHash: true,
  decode: decodeVmxValue,
  notAssignment: 'This line is not `key = "value"`; VMware ignores it or refuses to load the VM.',
  badKey: (key) => `\`${key}\` is not a valid .vmx key.`,
  unterminated: (key) => `The value of \`${key}\` has no closing quote; the rest of the line is taken as its value.`,
};

export function parseVmx(text: string): ParsedDocument<VmxModel> {
  const index = new LineIndex(text);
  const scanned = scanAssignments(text, index, SYNTAX);
  const entries: VmxEntry[] = scanned.entries.map((a) => {
    const lower = a.key.toLowerCase();
    return { ...a, lower, start: a.keyStart, end: a.valueEnd, locator: lower };
  });
  const { effective, diagnostics: duplicates } = lastWins(entries, index, (k) => k.toLowerCase(), (prev, winner) =>
    `\`${prev.key}\` is set again on line ${winner.line + 1} (keys are case-insensitive); the last value, ${quotable(winner.key, winner.value)}, is the one VMware uses.`);
  const diagnostics = scanned.diagnostics;
  for (const d of duplicates) diagnostics.push(d);

  const first = entries[0];
  const model: VmxModel = {
    entries,
    index,
    target: detectTarget(effective),
    anchor: first ? { start: first.keyStart, end: first.keyEnd } : { start: 0, end: 0 },
    carrier: 'file',
    get: (key) => effective.get(key.toLowerCase()),
    matching: (re) => [...effective.values()].filter((e) => re.test(e.lower)),
    setValue: (entry, value) => [{ start: entry.valueStart, end: entry.valueEnd, newText: `"${encodeVmxValue(value)}"` }],
    add: (key, value) => [appendLine(text, `${key} = "${encodeVmxValue(value)}"`)],
    // removing a key removes every line that sets it, or an overridden value would take effect
    remove: (setting) => deleteLines(index, entries.filter((e) => e.lower === setting.lower).map((e) => e.line)),
  };
  return { format: 'vmx', model, comments: scanned.comments, diagnostics };
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
