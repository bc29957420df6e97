import { LineIndex, appendLine, deleteLines } from '../../engine/text';
import type { ParsedDocument } from '../../engine/types';
import { lastWins, quotable, scanAssignments, type AssignmentSyntax } from '../common/assignments';
import type { Evidence } from '../../engine/context';
import { vmxEvidence, vmxTarget } from './context';
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
  /** what the settings show about where the VM runs (see ./context) */
  evidence: Evidence[];
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

  const evidence = vmxEvidence(effective.values());
  // a missing key is reported on the VM's name; without one, on the file (never on an unrelated first line such as `.encoding`)
  const name = effective.get('displayname');
  const model: VmxModel = {
    entries,
    index,
    evidence,
    target: vmxTarget(evidence),
    anchor: name ? { start: name.keyStart, end: name.valueEnd } : { start: 0, end: 0, onFile: true },
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
