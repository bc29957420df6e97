import { SEVERITIES, type Severity } from '../engine/types';
import { FAMILY_ORDER, RANK } from './model';

/**
 * Fleet merge of SARIF logs: one run per host (`automationDetails.id` = `HOST/`, so code scanning keeps
 * each host's alerts in a category of its own), rules deduplicated by id within a run and only those the
 * results use, results that occur twice for a host (same rule and fingerprint) kept once. Within GitHub
 * code scanning's limits: at most `runsPerFile` runs per log (20 there) and 25,000 results per run.
 */

/** GitHub code scanning rejects an upload over these (docs: "SARIF results exceed limits"). */
export const LIMITS = { runsPerFile: 20, resultsPerRun: 25_000, gzipBytes: 10 * 1024 * 1024 };

type Json = Record<string, any>;

export interface SarifInput {
  /** shown in errors; its base name (less .sarif) names the host when a run has no automationDetails.id */
  file: string;
  log: unknown;
}

export class MergeError extends Error {}

export interface HostRun {
  host: string;
  run: Json;
  /** results over the per-run limit that were left out (the least severe) */
  dropped: number;
}

const LEVEL_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

export function resultSeverity(r: Json): Severity {
  const s = r.properties?.severity;
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : (LEVEL_SEVERITY[r.level] ?? 'medium');
}

/** Not suppressed, not an `absent` or `unchanged` baseline entry: what a person still has to look at. */
export function isActive(r: Json): boolean {
  return !(Array.isArray(r.suppressions) && r.suppressions.length) && r.baselineState !== 'absent' && r.baselineState !== 'unchanged';
}

function hostOf(run: Json, file: string): string {
  const id = typeof run.automationDetails?.id === 'string' ? run.automationDetails.id.replace(/\/+$/, '') : '';
  if (id) return id;
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.sarif(\.json)?$/i, '') || base;
}

function checkLog(input: SarifInput): Json[] {
  const log = input.log as Json;
  if (!log || typeof log !== 'object' || log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new MergeError(`${input.file}: not a SARIF 2.1.0 log`);
  for (const run of log.runs) {
    if (!run || typeof run !== 'object' || typeof run.tool?.driver?.name !== 'string') throw new MergeError(`${input.file}: a run has no tool.driver.name`);
    if (run.results !== undefined && !Array.isArray(run.results)) throw new MergeError(`${input.file}: a run's results is not a list`);
  }
  return log.runs as Json[];
}

/** One run per host, hosts in name order. */
export function mergeRuns(inputs: SarifInput[]): HostRun[] {
  const byHost = new Map<string, Json[]>();
  for (const input of inputs) {
    for (const run of checkLog(input)) {
      const host = hostOf(run, input.file);
      byHost.set(host, [...(byHost.get(host) ?? []), run]);
    }
  }
  return [...byHost.keys()].sort().map((host) => mergeHost(host, byHost.get(host)!));
}

function mergeHost(host: string, runs: Json[]): HostRun {
  const first = runs[0]!;
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const seen = new Set<string>();
  const results: Json[] = [];
  for (const run of runs) {
    const descriptors: Json[] = Array.isArray(run.tool.driver.rules) ? run.tool.driver.rules : [];
    for (const r of run.results ?? []) {
      const id: string = typeof r.ruleId === 'string' ? r.ruleId : descriptors[r.ruleIndex]?.id ?? '';
      const print = r.partialFingerprints ? `${id}\0${JSON.stringify(r.partialFingerprints)}\0${r.baselineState ?? ''}` : undefined;
      if (print !== undefined) {
        if (seen.has(print)) continue;
        seen.add(print);
      }
      if (!ruleIndex.has(id)) {
        const d = descriptors.find((x) => x.id === id);
        if (d) {
          ruleIndex.set(id, rules.length);
          rules.push(d);
        }
      }
      results.push({ ...r, ruleId: id, ...(ruleIndex.has(id) ? { ruleIndex: ruleIndex.get(id) } : { ruleIndex: undefined }) });
    }
  }
  let dropped = 0;
  if (results.length > LIMITS.resultsPerRun) {
    const order = results.map((r, i) => ({ r, i })).sort((a, b) => RANK[resultSeverity(b.r)] - RANK[resultSeverity(a.r)] || a.i - b.i);
    const kept = new Set(order.slice(0, LIMITS.resultsPerRun).map((x) => x.i));
    dropped = results.length - kept.size;
    results.splice(0, results.length, ...results.filter((_, i) => kept.has(i)));
  }
  const notifications = runs.flatMap((r) => r.invocations ?? []).flatMap((inv: Json) => inv.toolExecutionNotifications ?? []);
  if (dropped) notifications.push({ level: 'warning', message: { text: `${dropped} results left out (the least severe): code scanning takes at most ${LIMITS.resultsPerRun} per run` } });
  const run: Json = {
    tool: { driver: { ...first.tool.driver, rules } },
    automationDetails: { id: `${host}/` },
    ...(first.columnKind ? { columnKind: first.columnKind } : {}),
    ...(first.originalUriBaseIds ? { originalUriBaseIds: first.originalUriBaseIds } : {}),
    properties: { ...(first.properties ?? {}), host },
    results,
    invocations: [{ executionSuccessful: runs.every((r) => (r.invocations ?? []).every((i: Json) => i.executionSuccessful !== false)), toolExecutionNotifications: notifications }],
  };
  return { host, run, dropped };
}

/** Runs in logs of at most `runsPerFile` runs each. */
export function fleetLogs(hosts: HostRun[], runsPerFile: number = LIMITS.runsPerFile): Json[] {
  const logs: Json[] = [];
  for (let i = 0; i < Math.max(1, hosts.length); i += runsPerFile) {
    logs.push({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: hosts.slice(i, i + runsPerFile).map((h) => h.run) });
  }
  return logs;
}

export interface FleetModel {
  hosts: { host: string; counts: Record<string, Record<Severity, number>>; totals: Record<Severity, number>; waived: number; notRead: number }[];
  families: string[];
  /** one row per rule, worst first: on how many hosts it is found */
  groups: { ruleId: string; title: string; severity: Severity; family: string; hosts: string[]; findings: number }[];
}

/** Host × family counts of active findings, worst hosts first, and each rule's spread over the hosts. */
export function fleetModel(hosts: HostRun[]): FleetModel {
  const empty = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const groups = new Map<string, FleetModel['groups'][number]>();
  const families = new Set<string>();
  const rows = hosts.map(({ host, run }) => {
    const counts: Record<string, Record<Severity, number>> = {};
    const totals = empty();
    let waived = 0;
    for (const r of run.results as Json[]) {
      if (!isActive(r)) {
        if (Array.isArray(r.suppressions) && r.suppressions.length) waived++;
        continue;
      }
      const sev = resultSeverity(r);
      const family: string = typeof r.properties?.family === 'string' ? r.properties.family : 'other';
      families.add(family);
      (counts[family] ??= empty())[sev]++;
      totals[sev]++;
      const rule = run.tool.driver.rules?.[r.ruleIndex];
      const g: FleetModel['groups'][number] = groups.get(r.ruleId) ?? { ruleId: r.ruleId, title: rule?.shortDescription?.text ?? r.ruleId, severity: sev, family, hosts: [], findings: 0 };
      if (RANK[sev] > RANK[g.severity]) g.severity = sev;
      if (g.hosts[g.hosts.length - 1] !== host) g.hosts.push(host);
      g.findings++;
      groups.set(r.ruleId, g);
    }
    const notRead = (run.invocations ?? []).flatMap((i: Json) => i.toolExecutionNotifications ?? []).filter((n: Json) => /^not read: /.test(n.message?.text ?? '')).length;
    return { host, counts, totals, waived, notRead };
  });
  const worse = (a: Record<Severity, number>, b: Record<Severity, number>) => {
    for (const s of SEVERITIES) if (a[s] !== b[s]) return b[s] - a[s];
    return 0;
  };
  rows.sort((a, b) => worse(a.totals, b.totals) || a.host.localeCompare(b.host));
  return {
    hosts: rows,
    families: [...FAMILY_ORDER.filter((f) => families.has(f)), ...[...families].filter((f) => !(FAMILY_ORDER as readonly string[]).includes(f)).sort()],
    groups: [...groups.values()].sort((a, b) => RANK[b.severity] - RANK[a.severity] || b.hosts.length - a.hosts.length || a.ruleId.localeCompare(b.ruleId)),
  };
}
