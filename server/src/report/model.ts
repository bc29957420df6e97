import { relative, sep } from 'node:path';
import type { StaleEntry } from '../engine/baseline';
import { looseningOf, otherSettingsOf, type ConfigInEffect } from '../engine/config-effects';
import { dataFiles, type DataFileInfo } from '../engine/data-files';
import { decodeBytes } from '../engine/decode';
import { isToolRule, ruleMeta } from '../catalog';
import { LineIndex } from '../engine/text';
import { FAMILIES, SEVERITIES, type Finding, type FindingObject, type Severity } from '../engine/types';
import { displayPath, readRegularFile } from '../node/files';
import type { ScanResult } from '../node/scan';
import { ADVISORIES_DATA_NAME } from '../rules/patch/advisories';
import { profileSummary, type ProfileSummary } from '../engine/context';

/** Everything a report shows, computed once; the HTML, Markdown and editor views render it. */
export interface ReportModel {
  tool: { name: 'vharden'; version: string };
  generated: string;
  dataFiles: DataFileInfo[];
  /** set for host scans: the host root and the standard locations that were absent */
  host?: { root: string; absent: string[] };
  roots: string[];
  /** files read and checked */
  read: string[];
  notRead: { path: string; reason: string }[];
  /** files whose fixes were not written (`--fix`), and why */
  notWritten: { path: string; reason: string }[];
  ignored: number;
  visited: number;
  cancelled: boolean;
  /** active findings (not suppressed, not baselined) per family (`tool` for file checks) and severity */
  counts: Record<string, Record<Severity, number>>;
  totals: Record<Severity, number>;
  /** active findings, worst first */
  findings: ReportFinding[];
  /** suppressed findings with their reasons */
  waivers: ReportFinding[];
  baselined: ReportFinding[];
  staleBaseline: StaleEntry[];
  /** every `.vharden.yaml` in effect, with what it loosens and its other settings, and the baseline in use */
  configuration: {
    files: { path: string; files: number; ignored: number; loosens: string[]; settings: string[] }[];
    baseline?: { path: string; entries: number; notes: string[] };
  };
  /** the profiles in effect and how the files were judged by context */
  profile: ProfileSummary;
}

export interface ReportFinding {
  /** path as shown (host path for host scans, else relative to the current folder) */
  path: string;
  absPath: string;
  ruleId: string;
  title: string;
  family: string;
  severity: Severity;
  message: string;
  /** 1-based */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  locator: string;
  snippet?: { firstLine: number; lines: string[] };
  suppressed?: { kind: 'line' | 'file'; reason: string };
  /** severity before the baseline lowered it */
  baselinedFrom?: Severity;
  /** set when the finding no longer matches its baseline entry (it got worse), with the severity accepted then */
  baselineChanged?: { severity?: Severity };
  /** about the file as a whole: no line is shown */
  onFile?: boolean;
  context?: string;
  /** the full list the message shortens */
  details?: string[];
  /** the live-system object the finding is about (a vSphere snapshot's host, VM, switch, role, permission) */
  object?: FindingObject;
}

/** "path:line", or the path alone for a finding about the whole file (no line of it is the offending one). */
/** The data files the patch-level rules used in a scan: each one's name, date and where it comes from (bundled, installed, or a user's advisories file). */
export function reportedData(result: ScanResult): DataFileInfo[] {
  return dataFiles().map((d) => (d.name === ADVISORIES_DATA_NAME && !result.advisories.bundled ? { name: d.name, date: result.advisories.updated, source: 'user file (--advisories / vharden.advisoriesFile)' } : d));
}

export function where(f: ReportFinding): string {
  return f.onFile ? f.path : `${f.path}:${f.line}`;
}

export const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export const FAMILY_ORDER = [...FAMILIES, 'tool'];

export interface ModelOptions {
  version: string;
  host?: { root: string; absent: string[] };
  staleBaseline?: StaleEntry[];
  configuration?: ConfigInEffect;
  /** add source snippets (reads the files again, read-only) */
  snippets?: boolean;
  now?: Date;
}

export function buildReportModel(result: ScanResult, opts: ModelOptions): ReportModel {
  const show = (p: string) => showPath(p, opts.host?.root);
  const texts = new Map<string, LineIndex | undefined>();
  const empty = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const counts: Record<string, Record<Severity, number>> = Object.fromEntries(FAMILY_ORDER.map((f) => [f, empty()]));
  const totals = empty();
  const findings: ReportFinding[] = [];
  const waivers: ReportFinding[] = [];
  const baselined: ReportFinding[] = [];
  for (const file of result.files) {
    for (const f of file.findings) {
      const r = toReportFinding(file.path, f, show(file.path));
      if (opts.snippets && !f.onFile) r.snippet = snippetOf(file.path, f, texts);
      if (f.suppressed) waivers.push(r);
      else if (f.baselined) baselined.push(r);
      else {
        findings.push(r);
        counts[r.family]![r.severity]++;
        totals[r.severity]++;
      }
    }
  }
  const order = (a: ReportFinding, b: ReportFinding) => RANK[b.severity] - RANK[a.severity] || a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId);
  findings.sort(order);
  waivers.sort(order);
  baselined.sort((a, b) => RANK[b.baselinedFrom!] - RANK[a.baselinedFrom!] || order(a, b));
  return {
    tool: { name: 'vharden', version: opts.version },
    generated: (opts.now ?? new Date()).toISOString(),
    dataFiles: reportedData(result),
    host: opts.host ? { root: opts.host.root, absent: opts.host.absent.map(show) } : undefined,
    roots: result.roots.map(show),
    read: result.files.map((f) => show(f.path)),
    notRead: result.problems.map((p) => ({ path: show(p.path), reason: p.reason })),
    notWritten: result.notWritten.map((p) => ({ path: show(p.path), reason: p.reason })),
    ignored: result.ignored,
    visited: result.visited,
    cancelled: result.cancelled,
    counts,
    totals,
    findings,
    waivers,
    baselined,
    staleBaseline: opts.staleBaseline ?? [],
    configuration: {
      files: (opts.configuration?.files ?? []).map((c) => ({ path: show(c.path), files: c.files, ignored: c.ignored, loosens: looseningOf(c), settings: otherSettingsOf(c) })),
      ...(opts.configuration?.baseline ? { baseline: { ...opts.configuration.baseline, path: show(opts.configuration.baseline.path) } } : {}),
    },
    profile: profileSummary(result.files, result.profile),
  };
}

function toReportFinding(absPath: string, f: Finding, path: string): ReportFinding {
  const meta = ruleMeta(f.ruleId);
  return {
    path,
    absPath,
    ruleId: f.ruleId,
    title: meta?.title ?? f.ruleId,
    family: meta && !isToolRule(meta) ? meta.family : 'tool',
    severity: f.severity,
    message: f.message,
    line: f.line + 1,
    column: f.character + 1,
    endLine: f.endLine + 1,
    endColumn: f.endCharacter + 1,
    locator: f.locator,
    ...(f.suppressed ? { suppressed: { kind: f.suppressed.kind, reason: f.suppressed.reason } } : {}),
    ...(f.baselined ? { baselinedFrom: f.baselined.severity } : {}),
    ...(f.baselineChanged ? { baselineChanged: f.baselineChanged } : {}),
    ...(f.onFile ? { onFile: true } : {}),
    ...(f.context ? { context: f.context } : {}),
    ...(f.details ? { details: f.details } : {}),
    ...(f.object ? { object: f.object } : {}),
  };
}

/** For host scans paths show as on the host (`/etc/pve/user.cfg`), otherwise relative to the current folder. */
export function showPath(path: string, hostRoot?: string): string {
  if (hostRoot === undefined) return displayPath(path);
  const r = relative(hostRoot, path);
  return r.startsWith('..') ? path : `/${r.split(sep).join('/')}`;
}

const MAX_SNIPPET_LINE = 240;

function snippetOf(path: string, f: Finding, cache: Map<string, LineIndex | undefined>): ReportFinding['snippet'] {
  if (!cache.has(path)) {
    try {
      cache.set(path, new LineIndex(decodeBytes(readRegularFile(path).bytes).text));
    } catch {
      cache.set(path, undefined);
    }
  }
  const index = cache.get(path);
  if (!index) return undefined;
  const first = Math.max(0, f.line - 1);
  const last = Math.min(index.lineCount - 1, Math.max(f.endLine, f.line) + 1, first + 6);
  const lines: string[] = [];
  for (let l = first; l <= last; l++) {
    const s = index.text.slice(index.lineStart(l), index.lineEnd(l));
    lines.push(s.length > MAX_SNIPPET_LINE ? `${s.slice(0, MAX_SNIPPET_LINE)}…` : s);
  }
  return { firstLine: first + 1, lines };
}
