import { sha256Hex } from './sha256';
import { SEVERITIES, type Finding, type Severity } from './types';

/**
 * A baseline: findings accepted at one point in time, keyed by relative path, rule id and the
 * finding's locator (never a line number), with a count for locators that repeat in one file.
 * Each entry also records the severity and a fingerprint of what the rule said, so a finding that
 * gets worse under the same key (another value, a higher severity) is new again.
 */
export interface Baseline {
  /** 2 since entries carry severity and fingerprint; version 1 files (without them) are still read */
  version: 1 | 2;
  tool: 'vharden';
  created: string;
  /** what entry paths are relative to: the baseline file's folder, or the root of a scanned host tree */
  pathsRelativeTo: 'baseline-file' | 'host-root';
  entries: BaselineEntry[];
}

export interface BaselineEntry {
  path: string;
  ruleId: string;
  locator: string;
  /** the finding's severity when it was accepted; a finding now above it is new */
  severity?: Severity;
  /** `fingerprintOf` the accepted finding; absent in baselines written before fingerprints (matched by key only) */
  fingerprint?: string;
  count: number;
}

/** A baseline entry with no (or fewer) matching findings any more: fixed, or moved to another key. */
export interface StaleEntry extends BaselineEntry {
  /** how many of `count` did not match */
  missing: number;
}

export interface KeyedFindings {
  /** path relative to the baseline's base, `/` separators */
  relPath: string;
  findings: Finding[];
}

export const BASELINE_FILE_NAME = '.vharden-baseline.json';

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

function keyOf(path: string, ruleId: string, locator: string): string {
  return `${path}\0${ruleId}\0${locator}`;
}

/**
 * What the rule says about the finding, hashed: the message names the offending value ("on 0.0.0.0
 * with no password"), so it changes when the value does. Line numbers and dates in it (a duplicate
 * key "set again on line 9", the advisories data date) are left out, so moving lines or updating the
 * data changes nothing.
 */
export function fingerprintOf(f: Pick<Finding, 'message'>): string {
  const normal = f.message
    .replace(/\blines? \d+(?:\s*[-–]\s*\d+)?/gi, 'line #')
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, 'DATE')
    .replace(/\s+/g, ' ')
    .trim();
  return sha256Hex(normal).slice(0, 24);
}

/** Unsuppressed findings as baseline entries, sorted for stable diffs. */
export function createBaseline(files: KeyedFindings[], pathsRelativeTo: Baseline['pathsRelativeTo'], created: string): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppressed) continue;
      const severity = f.baselined?.severity ?? f.severity;
      const fingerprint = fingerprintOf(f);
      const k = `${keyOf(file.relPath, f.ruleId, f.locator)}\0${severity}\0${fingerprint}`;
      const e = counts.get(k);
      if (e) e.count++;
      else counts.set(k, { path: file.relPath, ruleId: f.ruleId, locator: f.locator, severity, fingerprint, count: 1 });
    }
  }
  const entries = [...counts.values()].sort((a, b) =>
    a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.locator.localeCompare(b.locator) || RANK[b.severity!] - RANK[a.severity!] || a.fingerprint!.localeCompare(b.fingerprint!));
  return { version: 2, tool: 'vharden', created, pathsRelativeTo, entries };
}

type Slot = BaselineEntry & { left: number };

function accepts(e: Slot, f: Finding, fingerprint: string): boolean {
  return e.left > 0 && (e.fingerprint === undefined || e.fingerprint === fingerprint) && (e.severity === undefined || RANK[f.severity] <= RANK[e.severity]);
}

const keysOf = new WeakMap<Baseline, Set<string>>();

/**
 * The findings of a file that `applyBaseline` could match against `baseline` (unsuppressed, with an
 * entry under their key); the others never change which entries are stale, so a scan that lets
 * findings go once reported keeps only these until the end.
 */
export function matchable(file: KeyedFindings, baseline: Baseline, canonical: (ruleId: string) => string = (id) => id): KeyedFindings {
  let keys = keysOf.get(baseline);
  if (!keys) keysOf.set(baseline, (keys = new Set(baseline.entries.map((e) => keyOf(e.path, canonical(e.ruleId), e.locator)))));
  return { relPath: file.relPath, findings: file.findings.filter((f) => !f.suppressed && !f.baselined && keys.has(keyOf(file.relPath, f.ruleId, f.locator))) };
}

/**
 * Mark findings the baseline accepts: they drop to `info` and carry `baselined` with their
 * original severity. A finding whose key has an entry that does not accept it (another fingerprint,
 * a higher severity) stays as it is, marked `baselineChanged`, and uses up that entry. Returns the
 * entries that matched fewer findings than they count.
 */
export function applyBaseline(files: KeyedFindings[], baseline: Baseline, canonical: (ruleId: string) => string = (id) => id): StaleEntry[] {
  const slots = new Map<string, Slot[]>();
  const all: Slot[] = [];
  for (const e of baseline.entries) {
    // an entry of a rule's former id (see RuleMeta.aliases) matches the rule; its fingerprint is of the
    // former rule's message, so only path, locator and severity are compared
    const ruleId = canonical(e.ruleId);
    const slot = { ...e, left: e.count, ...(ruleId !== e.ruleId ? { fingerprint: undefined } : {}) };
    all.push(slot);
    const k = keyOf(e.path, ruleId, e.locator);
    const list = slots.get(k);
    if (list) list.push(slot);
    else slots.set(k, [slot]);
  }
  // exact matches first, so a changed finding never takes the entry of an unchanged one
  const unmatched: { f: Finding; list: Slot[] }[] = [];
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppressed || f.baselined) continue;
      const list = slots.get(keyOf(file.relPath, f.ruleId, f.locator));
      if (!list) continue;
      const fingerprint = fingerprintOf(f);
      const e = list.find((s) => accepts(s, f, fingerprint));
      if (!e) {
        unmatched.push({ f, list });
        continue;
      }
      e.left--;
      f.baselined = { severity: f.severity };
      f.severity = 'info';
    }
  }
  for (const { f, list } of unmatched) {
    const e = list.find((s) => s.left > 0);
    if (!e) continue;
    e.left--;
    f.baselineChanged = e.severity ? { severity: e.severity } : {};
  }
  return all.filter((e) => e.left > 0).map(({ left: missing, ...e }) => ({ ...e, missing }));
}

/** How reports tag a finding that no longer matches its baseline entry. */
export function changedNote(c: NonNullable<Finding['baselineChanged']>): string {
  return `changed since the baseline${c.severity ? `; was ${c.severity}` : ''}`;
}

/** Notes on a loaded baseline: entries without a fingerprint (written by an older vharden) match by key only. */
export function baselineNotes(b: Baseline): string[] {
  const n = b.entries.filter((e) => e.fingerprint === undefined).length;
  if (n === 0) return [];
  return [`${n} ${n === 1 ? 'entry has' : 'entries have'} no fingerprint (written by an older vharden): ${n === 1 ? 'it matches' : 'they match'} by path, rule and locator only, so such a finding stays baselined even when it gets worse. Run \`vharden baseline create\` again to record severities and fingerprints.`];
}

/** Read a baseline file's JSON; a clear message when it is not one. */
export function parseBaseline(text: string): { baseline?: Baseline; error?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}` };
  }
  const b = raw as Partial<Baseline> | null;
  if (!b || typeof b !== 'object' || b.tool !== 'vharden' || (b.version !== 1 && b.version !== 2) || !Array.isArray(b.entries)) {
    return { error: 'not a vharden baseline (expected {"tool": "vharden", "version": 2, "entries": [...]})' };
  }
  const entries: BaselineEntry[] = [];
  for (const [i, e] of b.entries.entries()) {
    const ok = e && typeof e.path === 'string' && typeof e.ruleId === 'string' && typeof e.locator === 'string' && Number.isInteger(e.count) && e.count > 0;
    if (!ok) return { error: `entry ${i + 1} needs path, ruleId, locator (strings) and count (a positive whole number)` };
    if (e.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(e.severity)) return { error: `entry ${i + 1}: severity must be one of ${SEVERITIES.join(', ')}` };
    if (e.fingerprint !== undefined && (typeof e.fingerprint !== 'string' || e.fingerprint === '')) return { error: `entry ${i + 1}: fingerprint must be a non-empty string` };
    entries.push({ path: e.path, ruleId: e.ruleId, locator: e.locator, ...(e.severity ? { severity: e.severity } : {}), ...(e.fingerprint ? { fingerprint: e.fingerprint } : {}), count: e.count });
  }
  const pathsRelativeTo = b.pathsRelativeTo === 'host-root' ? 'host-root' : 'baseline-file';
  return { baseline: { version: b.version, tool: 'vharden', created: String(b.created ?? ''), pathsRelativeTo, entries } };
}
