/**
 * Proxmox VE versions: the installed `pve-manager` (dpkg's status, `pveversion` output) and the
 * versions code pins it to (Ansible apt tasks `name: pve-manager=7.4-3`, a `pve_manager_version`
 * variable, apt preferences `Package: pve-manager` / `Pin: version 7.*`). Read outside comments only.
 * Pure and linear: one pass per pattern, regular expressions without nested quantifiers.
 */
import type { Comment } from '../../engine/types';

/** Carrier kind: Proxmox VE versions a host runs or code pins, for PATCH-PVE-EOL. */
export const PVE_VERSIONS = 'proxmox-ve-versions';

export interface PveVersion {
  /** the version as written (`8.1.4`, `7.4-3`, `7.*`) */
  version: string;
  /** the major release it names */
  major: number;
  /** installed: the host runs it; pinned: code installs or holds it */
  kind: 'installed' | 'pinned';
  /** what tells it, for messages: `pve-manager in dpkg's status`, `this package list (pve-manager=7.4-3)` */
  label: string;
  start: number;
  end: number;
}

export interface PveVersions {
  versions(text: string, comments: readonly Comment[]): PveVersion[];
}

/** `8.1.4` → 8, `7.4-3` → 7, `7.*` → 7, `1:8.0` → undefined (pve-manager has no epoch) */
export function pveMajor(version: string): number | undefined {
  const m = /^(\d{1,2})(?:\.|\*|$)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** Versions that came from a model rather than the text (dpkg's status, `pveversion` output). */
export function fixedVersions(list: PveVersion[]): PveVersions {
  return { versions: () => list };
}

function outside(comments: readonly Comment[]): (offset: number) => boolean {
  const sorted = comments.every((c, k) => k === 0 || comments[k - 1]!.start <= c.start) ? comments : [...comments].sort((a, b) => a.start - b.start);
  return (offset) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = sorted[mid]!;
      if (offset < c.start) hi = mid - 1;
      else if (offset >= c.end) lo = mid + 1;
      else return false;
    }
    return true;
  };
}

const VERSION = String.raw`\d{1,2}(?:\.[0-9A-Za-z+~*-]+|\*)*`;
/** `pve-manager=7.4-3` in an apt task's package list, a shell `apt-get install`, a requirements list */
const APT_PIN = new RegExp(String.raw`(?<![\w.-])pve-manager=(${VERSION})`, 'g');
/** `pve_manager_version: "8.1.4"` (YAML, INI) or `pve_manager_version = "8.1.4"` */
const VAR_PIN = new RegExp(String.raw`^[ \t]*(?:-[ \t]+)?["']?(pve[_-]manager[_-]version)["']?[ \t]*[:=][ \t]*["']?(${VERSION})["']?[ \t]*(?:#.*)?$`, 'gm');

const PVE_MANAGER = /pve[_-]manager/;

interface Line {
  start: number;
  text: string;
  /** column of the content (after the indent and a list item's `- `) */
  col: number;
  indent: number;
}

/** Offset after the line break before `at` (CR, LF or CRLF), 0 on the first line. */
function lineStartAt(text: string, at: number): number {
  let i = at;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The offset of the line break that ends the line starting at `from` (scans that line only). */
function lineEndAt(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function lineAt(text: string, start: number): Line {
  const line = text.slice(start, lineEndAt(text, start));
  const indent = /^ */.exec(line)![0].length;
  const item = /^ *- +/.exec(line);
  return { start, text: line, indent, col: item ? item[0].length : indent };
}

function previousLine(text: string, l: Line): Line | undefined {
  if (l.start === 0) return undefined;
  let brk = l.start - 1;
  if (text[brk] === '\n' && text[brk - 1] === '\r') brk--;
  return lineAt(text, lineStartAt(text, brk));
}

function nextLine(text: string, l: Line): Line | undefined {
  let next = l.start + l.text.length;
  if (next >= text.length) return undefined;
  next += text.startsWith('\r\n', next) ? 2 : 1;
  return next >= text.length ? undefined : lineAt(text, next);
}

/** How far a task's keys are looked for around a pin (lines). */
const TASK_LINES = 200;
const ABSENT = /^ *(?:- +)?state: *["']?absent["']? *(?:#.*)?$/;

/**
 * An apt task that removes the package (`state: absent`, `state=absent`) names a version it does
 * not install. The keys beside the one holding the pin (`name:`, `pkg:`) are read, up and down to
 * the first line indented less than that key.
 */
function removes(text: string, at: number): boolean {
  const own = lineAt(text, lineStartAt(text, at));
  if (/\bstate=absent\b/.test(own.text)) return true;
  let key: Line | undefined = own;
  if (!/^ *(?:- +)?[A-Za-z_]+: /.test(own.text.slice(0, at - own.start))) {
    key = undefined;
    for (let l = previousLine(text, own), n = 0; l && n < TASK_LINES; l = previousLine(text, l), n++) {
      if (l.text.trim() !== '' && l.indent < own.indent) {
        key = l;
        break;
      }
    }
    if (!key) return false;
  }
  for (let l: Line | undefined = key, n = 0; l && n < TASK_LINES; l = previousLine(text, l), n++) {
    if (l.text.trim() === '') continue;
    if (l.col === key.col && ABSENT.test(l.text)) return true;
    if (l.indent < key.col) break;
  }
  for (let l = nextLine(text, key), n = 0; l && n < TASK_LINES; l = nextLine(text, l), n++) {
    if (l.text.trim() === '') continue;
    if (l.indent < key.col) break;
    if (l.col === key.col && ABSENT.test(l.text)) return true;
  }
  return false;
}

/** apt preferences stanzas that pin pve-manager to a version with a priority above the archives' 500. */
function aptPreferencePins(text: string, ok: (offset: number) => boolean): PveVersion[] {
  const out: PveVersion[] = [];
  let fields = new Map<string, { value: string; start: number }>();
  const flush = () => {
    const pkg = fields.get('package');
    const pin = fields.get('pin');
    const priority = Number(fields.get('pin-priority')?.value);
    fields = new Map();
    if (!pkg || !pin || !Number.isFinite(priority) || priority <= 500) return;
    if (!pkg.value.split(/\s+/).includes('pve-manager')) return;
    const m = /^version\s+(\S+)/.exec(pin.value);
    const major = m ? pveMajor(m[1]!) : undefined;
    if (!m || major === undefined) return;
    const start = pin.start + pin.value.indexOf(m[1]!);
    out.push({ version: m[1]!, major, kind: 'pinned', label: `this apt preferences stanza (Pin-Priority ${priority})`, start, end: start + m[1]!.length });
  };
  for (let l: Line | undefined = lineAt(text, 0); l; l = nextLine(text, l)) {
    if (l.text.trim() === '') flush();
    else if (ok(l.start)) {
      const m = /^([A-Za-z-]+):[ \t]*(.*?)\s*$/.exec(l.text);
      if (m) fields.set(m[1]!.toLowerCase(), { value: m[2]!, start: l.start + l.text.indexOf(m[2]!, m[1]!.length + 1) });
    }
  }
  flush();
  return out;
}

/** Is this the path of an apt preferences file (`etc/apt/preferences`, `preferences.d/pve`)? */
export function isAptPreferences(path: string): boolean {
  return /(^|\/)preferences(\.d\/[^/]+)?$/.test(path) && !/\.(ya?ml|json)$/i.test(path);
}

/** Pins of pve-manager in a text outside its comments (YAML, INI, shell, apt preferences). */
export function pvePins(text: string, comments: readonly Comment[] = []): PveVersion[] {
  // each pattern below holds these words as written: most texts are passed over in one search
  if (!PVE_MANAGER.test(text)) return [];
  const ok = outside(comments);
  const out: PveVersion[] = [];
  for (const m of text.matchAll(APT_PIN)) {
    const start = m.index + m[0].length - m[1]!.length;
    const major = pveMajor(m[1]!);
    if (major === undefined || !ok(m.index) || removes(text, m.index)) continue;
    out.push({ version: m[1]!, major, kind: 'pinned', label: "this package list", start, end: start + m[1]!.length });
  }
  for (const m of text.matchAll(VAR_PIN)) {
    const start = m.index + m[0].indexOf(m[2]!, m[0].indexOf(m[1]!) + m[1]!.length);
    const major = pveMajor(m[2]!);
    if (major === undefined || !ok(start)) continue;
    out.push({ version: m[2]!, major, kind: 'pinned', label: `the variable ${m[1]}`, start, end: start + m[2]!.length });
  }
  if (/^Package:[ \t]*[^\n]*\bpve-manager\b/m.test(text)) out.push(...aptPreferencePins(text, ok));
  return out.sort((a, b) => a.start - b.start);
}

/** The versions carrier of a text format: its pve-manager pins outside comments. */
export const PVE_PINS_IN_TEXT: PveVersions = { versions: pvePins };
