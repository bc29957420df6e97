import type { Advisory, AdvisoryData, EolEntry, Product } from './advisories';
import { parseVersion, type VersionLiteral } from '../../formats/vsphere/versions';

export type Verdict = 'vulnerable' | 'fixed' | 'unknown';

export interface AdvisoryVerdict {
  id: string;
  verdict: Verdict;
  /** the fix to move to: the entry of the literal's own update line, or the newest line */
  fix: Advisory;
}

function lineOf(a: Advisory): { update: number; patch: string } {
  const v = parseVersion(a.fixedVersion);
  return { update: v?.update ?? 0, patch: v?.patch ?? '' };
}

function compareLetters(have: string, fixed: string): Verdict {
  if (have === fixed) return 'fixed';
  if (have.length > 1 || fixed.length > 1) return 'unknown'; // "sb" (security build) letters are not ordered
  return have < fixed ? 'vulnerable' : 'fixed';
}

/**
 * Is the literal below the fix of one advisory (its entries for the literal's product and branch)?
 * With a build: compare builds on the literal's own update line. Without one, a version proves
 * little: only an update line with no fix that is older than every fixed line, or a patch letter
 * on the fixed line, decides; "8.0 U2" names a line of builds, so it stays `unknown`.
 */
export function judgeAdvisory(lit: VersionLiteral, entries: Advisory[]): AdvisoryVerdict | undefined {
  const first = entries[0];
  if (!first) return undefined;
  const lines = entries.map((e) => ({ e, ...lineOf(e) })).sort((a, b) => a.update - b.update);
  const newest = lines[lines.length - 1]!.e;
  const minBuild = Math.min(...entries.map((e) => e.fixedBuild));
  const byBuild = (fix: Advisory, floor: number): AdvisoryVerdict => ({ id: first.id, verdict: lit.build! < floor ? 'vulnerable' : 'fixed', fix });

  if (lit.update !== undefined) {
    const own = lines.find((l) => l.update === lit.update);
    if (own) {
      if (lit.build !== undefined) return byBuild(own.e, own.e.fixedBuild);
      if (lit.patch) return { id: first.id, verdict: compareLetters(lit.patch, own.patch), fix: own.e };
      return { id: first.id, verdict: 'unknown', fix: own.e };
    }
    if (lit.update > lines[lines.length - 1]!.update) return { id: first.id, verdict: 'fixed', fix: newest };
    if (lit.update < lines[0]!.update) {
      // an older line with no fix in the data; a build newer than every fix there means a later patch the data does not list
      return { id: first.id, verdict: lit.build !== undefined && lit.build >= minBuild ? 'unknown' : 'vulnerable', fix: newest };
    }
    if (lit.build !== undefined) return byBuild(newest, minBuild);
    return { id: first.id, verdict: 'unknown', fix: newest };
  }
  if (lit.build === undefined) return undefined; // a bare "8.0" says nothing about patches
  if (lit.build < minBuild) return { id: first.id, verdict: 'vulnerable', fix: newest };
  if (lit.build >= Math.max(...entries.map((e) => e.fixedBuild))) return { id: first.id, verdict: 'fixed', fix: newest };
  return { id: first.id, verdict: 'unknown', fix: newest };
}

/** Verdicts of every advisory in the data for the literal's product and branch, one per advisory id. */
export function judgeAll(lit: VersionLiteral, data: AdvisoryData): AdvisoryVerdict[] {
  const byId = new Map<string, Advisory[]>();
  for (const a of data.advisories) {
    if (a.product !== lit.product || a.branch !== lit.branch) continue;
    const list = byId.get(a.id) ?? [];
    list.push(a);
    byId.set(a.id, list);
  }
  const out: AdvisoryVerdict[] = [];
  for (const entries of byId.values()) {
    const v = judgeAdvisory(lit, entries);
    if (v) out.push(v);
  }
  return out.sort((a, b) => Number(b.fix.exploited) - Number(a.fix.exploited) || b.id.localeCompare(a.id));
}

function branchKey(branch: string): number {
  const [major, minor] = branch.split('.').map(Number);
  return (major ?? 0) * 100 + (minor ?? 0);
}

/** The end-of-general-support entry that covers the literal, when its date is before `today` (YYYY-MM-DD). */
export function pastEol(lit: VersionLiteral, data: AdvisoryData, today: string): { entry: EolEntry; older: boolean } | undefined {
  const product: Product = lit.product;
  const entries = data.eol.filter((e) => e.product === product);
  const own = entries.find((e) => e.branch === lit.branch);
  if (own) return own.endOfGeneralSupport < today ? { entry: own, older: false } : undefined;
  const oldest = [...entries].sort((a, b) => branchKey(a.branch) - branchKey(b.branch))[0];
  if (oldest && branchKey(lit.branch) < branchKey(oldest.branch) && oldest.endOfGeneralSupport < today) return { entry: oldest, older: true };
  return undefined;
}

/** "ESXi 8.0 U2 build 22380479" */
export function describeLiteral(lit: VersionLiteral): string {
  const name = lit.product === 'esxi' ? 'ESXi' : 'vCenter';
  const update = lit.update !== undefined ? (lit.update === 0 && !lit.patch ? ' GA' : ` U${lit.update}${lit.patch ?? ''}`) : '';
  return `${name} ${lit.branch}${update}${lit.build !== undefined ? ` build ${lit.build}` : ''}`;
}
