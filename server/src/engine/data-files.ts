import type { ToolDiagnostic } from './types';

/**
 * Bundled data files (advisory lists, version tables) that rules read. Reports show each one's
 * date so an auditor knows how current the checks are. A data module registers itself once.
 */
export interface DataFileInfo {
  /** e.g. "ESXi advisories" */
  name: string;
  /** ISO date the data was last updated, e.g. "2026-11-01" */
  date: string;
  /** optional: where the data comes from */
  source?: string;
}

const registered: DataFileInfo[] = [];

export function registerDataFile(info: DataFileInfo): void {
  if (!registered.some((d) => d.name === info.name)) registered.push(info);
}

/** A newer copy of a registered data file is in use (an installed bundle): reports list it instead. */
export function useDataFile(info: DataFileInfo): void {
  const i = registered.findIndex((d) => d.name === info.name);
  if (i >= 0) registered[i] = info;
  else registered.push(info);
}

export function dataFiles(): readonly DataFileInfo[] {
  return registered;
}

/** Data older than this many days (advisories, end-of-support dates) gets a VH-DATA-STALE finding. */
export const STALE_DAYS = 90;

/** Whole days from `from` to `to` (both YYYY-MM-DD); NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today in UTC, YYYY-MM-DD. */
export function todayUtc(): string {
  // asked once per file linted: the day is worked out again only when the clock leaves it
  const now = Date.now();
  if (now < today.from || now >= today.from + 864e5) {
    today.from = now - (now % 864e5);
    today.day = new Date(now).toISOString().slice(0, 10);
  }
  return today.day;
}
const today = { from: Number.POSITIVE_INFINITY, day: '' };

/**
 * VH-DATA-STALE diagnostics for the data a file's rules judged with: one per data file older than
 * STALE_DAYS on `today`, at the start of the file.
 */
export function staleData(used: Map<string, string>, today: string): ToolDiagnostic[] {
  const out: ToolDiagnostic[] = [];
  for (const [name, updated] of used) {
    const age = daysBetween(updated, today);
    if (!(age > STALE_DAYS)) continue;
    out.push({
      code: 'VH-DATA-STALE',
      start: 0,
      end: 0,
      severity: 'low',
      locator: `data-stale:${name}`,
      message: `The findings here were judged with data that is ${age} days old: ${name} of ${updated} (checked on ${today}). Advisories, fixed versions and end-of-support dates published since then are missing, so a finding may be missing too. Install a newer data bundle with \`vharden advisories update --from DIR\`.`,
    });
  }
  return out;
}
