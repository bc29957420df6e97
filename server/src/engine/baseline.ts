import type { Finding } from './types';

/**
 * A baseline: findings accepted at one point in time, keyed by relative path, rule id and the
 * finding's locator (never a line number), with a count for locators that repeat in one file.
 */
export interface Baseline {
  version: 1;
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

function keyOf(path: string, ruleId: string, locator: string): string {
  return `${path}\0${ruleId}\0${locator}`;
}

/** Unsuppressed findings as baseline entries, sorted for stable diffs. */
export function createBaseline(files: KeyedFindings[], pathsRelativeTo: Baseline['pathsRelativeTo'], created: string): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppressed) continue;
      const k = keyOf(file.relPath, f.ruleId, f.locator);
      const e = counts.get(k);
      if (e) e.count++;
      else counts.set(k, { path: file.relPath, ruleId: f.ruleId, locator: f.locator, count: 1 });
    }
  }
  const entries = [...counts.values()].sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.locator.localeCompare(b.locator));
  return { version: 1, tool: 'vharden', created, pathsRelativeTo, entries };
}

/**
 * Mark findings the baseline accepts: they drop to `info` and carry `baselined` with their
 * original severity. Returns the entries that matched fewer findings than they count.
 */
export function applyBaseline(files: KeyedFindings[], baseline: Baseline): StaleEntry[] {
  const left = new Map<string, BaselineEntry & { left: number }>();
  for (const e of baseline.entries) left.set(keyOf(e.path, e.ruleId, e.locator), { ...e, left: e.count });
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppressed || f.baselined) continue;
      const e = left.get(keyOf(file.relPath, f.ruleId, f.locator));
      if (!e || e.left === 0) continue;
      e.left--;
      f.baselined = { severity: f.severity };
      f.severity = 'info';
    }
  }
  return [...left.values()].filter((e) => e.left > 0).map(({ left: missing, ...e }) => ({ ...e, missing }));
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
  if (!b || typeof b !== 'object' || b.tool !== 'vharden' || b.version !== 1 || !Array.isArray(b.entries)) {
    return { error: 'not a vharden baseline (expected {"tool": "vharden", "version": 1, "entries": [...]})' };
  }
  for (const [i, e] of b.entries.entries()) {
    const ok = e && typeof e.path === 'string' && typeof e.ruleId === 'string' && typeof e.locator === 'string' && Number.isInteger(e.count) && e.count > 0;
    if (!ok) return { error: `entry ${i + 1} needs path, ruleId, locator (strings) and count (a positive whole number)` };
  }
  const pathsRelativeTo = b.pathsRelativeTo === 'host-root' ? 'host-root' : 'baseline-file';
  return { baseline: { version: 1, tool: 'vharden', created: String(b.created ?? ''), pathsRelativeTo, entries: b.entries } };
}
