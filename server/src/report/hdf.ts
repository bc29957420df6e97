import { createHash } from 'node:crypto';
import { allRules, formatsOf, isCrossFileRule } from '../catalog';
import { defaultConfig, ruleOverride, type RuleSetting } from '../engine/config';
import type { Reference, RuleMeta, Severity } from '../engine/types';
import type { ScanOutcome } from '../node/run-scan';
import { buildReportModel, type ReportFinding } from './model';

/**
 * Heimdall Data Format (the InSpec "exec JSON" shape MITRE SAF tools read): one control per DISA STIG
 * id that some rule's references name, its results the findings of those rules. Suppressed findings
 * are skipped results, and a control whose every finding is suppressed carries the reasons as
 * `waiver_data`, so auditors see what was waived and why.
 */

/** Heimdall reads impact as severity (≥0.7 high, ≥0.4 medium, ≥0.1 low) and impact 0 as "not applicable", so info stays above 0. */
const IMPACT: Record<Severity, number> = { critical: 1.0, high: 0.7, medium: 0.5, low: 0.3, info: 0.1 };
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** A DISA STIG reference: `DISA STIG (benchmark)` with `RULE-ID` or `RULE-ID (V-id)`; analogues (another product's control) are not mapped. */
export function stigOf(ref: Reference): { stigId: string; vid?: string; benchmark: string } | undefined {
  const source = /^DISA STIG \((.+)\)$/.exec(ref.source);
  if (!source || /analogue/i.test(source[1]!)) return undefined;
  const id = /^([A-Z]+-\d+-\d{6})(?: \((V-\d+)\))?$/.exec(ref.id);
  return id ? { stigId: id[1]!, vid: id[2], benchmark: source[1]! } : undefined;
}

interface StigControl {
  stigId: string;
  vid?: string;
  benchmark: string;
  rules: { meta: RuleMeta; formats: string[] }[];
}

/** Every STIG id some rule maps to, with its rules, in id order. */
export function stigControls(): StigControl[] {
  const byId = new Map<string, StigControl>();
  for (const rule of allRules()) {
    const formats = isCrossFileRule(rule) ? rule.meta.formats : formatsOf(rule);
    for (const ref of rule.meta.references) {
      const s = stigOf(ref);
      if (!s) continue;
      let c = byId.get(s.stigId);
      if (!c) byId.set(s.stigId, (c = { stigId: s.stigId, benchmark: s.benchmark, rules: [] }));
      c.vid ??= s.vid;
      if (!c.rules.some((r) => r.meta.id === rule.meta.id)) c.rules.push({ meta: rule.meta, formats });
    }
  }
  return [...byId.values()].sort((a, b) => a.stigId.localeCompare(b.stigId));
}

export interface HdfOptions {
  version: string;
  /** `--rule` settings: a rule turned off there (or in a `.vharden.yaml`) is never reported as passed */
  rules?: Record<string, RuleSetting>;
  now?: Date;
}

type Status = 'passed' | 'failed' | 'skipped';

export function hdfReport(outcome: ScanOutcome, opts: HdfOptions): string {
  const { result } = outcome;
  const host = outcome.host ? { root: outcome.host.root, absent: outcome.host.absent } : undefined;
  const model = buildReportModel(result, { version: opts.version, host, staleBaseline: outcome.stale, configuration: outcome.configuration, now: opts.now });
  const start = model.generated;
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of [...model.findings, ...model.baselined, ...model.waivers]) {
    let list = byRule.get(f.ruleId);
    if (!list) byRule.set(f.ruleId, (list = []));
    list.push(f);
  }
  const scannedFormats = new Map<string, number>();
  for (const f of result.files) if (f.format) scannedFormats.set(f.format, (scannedFormats.get(f.format) ?? 0) + 1);
  const offEntries = [
    ...Object.entries(opts.rules ?? {}).filter(([, s]) => s === 'off').map(([p]) => p),
    ...outcome.configuration.files.flatMap((c) => c.rules.filter((r) => r.effect === 'off').map((r) => r.pattern)),
  ];
  const turnedOff = (m: RuleMeta) => offEntries.some((p) => ruleOverride({ ...defaultConfig(), rules: { [p]: 'off' } }, m.id, m.aliases ?? []) === 'off');

  const stats = { passed: 0, failed: 0, skipped: 0 };
  const controls = stigControls().map((c) => {
    const results: { status: Status; code_desc: string; message?: string; skip_message?: string; start_time: string }[] = [];
    const waived: ReportFinding[] = [];
    const unjudged: string[] = [];
    for (const { meta, formats } of c.rules) {
      const found = byRule.get(meta.id) ?? [];
      for (const f of found) {
        const at = f.onFile ? f.path : `${f.path}:${f.line}`;
        if (f.suppressed) {
          waived.push(f);
          results.push({ status: 'skipped', code_desc: `${meta.id} at ${at}`, message: f.message, skip_message: `Waived (${f.suppressed.kind} suppression): ${reasonOf(f)}`, start_time: start });
        } else {
          results.push({ status: 'failed', code_desc: `${meta.id} at ${at}`, message: f.baselinedFrom ? `${f.message} (accepted in the baseline at ${f.baselinedFrom})` : f.message, start_time: start });
        }
      }
      if (found.length) continue;
      const files = formats.reduce((n, fmt) => n + (scannedFormats.get(fmt) ?? 0), 0);
      if (files && !turnedOff(meta)) results.push({ status: 'passed', code_desc: `${meta.id}: no finding in ${files} scanned file${files === 1 ? '' : 's'} it checks (${formats.filter((f) => scannedFormats.has(f)).join(', ')})`, start_time: start });
      else unjudged.push(files ? `${meta.id} is turned off` : `no file ${meta.id} checks (${formats.join(', ')}) was scanned`);
    }
    // a control nothing judged is not reviewed; one some rule judged is not held back by the others
    if (!results.length) results.push({ status: 'skipped', code_desc: c.stigId, skip_message: `Not checked: ${unjudged.join('; ')}`, start_time: start });
    const failed = results.some((r) => r.status === 'failed');
    const allWaived = !failed && waived.length > 0;
    const status: Status = failed ? 'failed' : results.every((r) => r.status === 'passed') ? 'passed' : 'skipped';
    stats[status]++;
    const worst = c.rules.reduce((s, r) => (RANK[r.meta.severity] > RANK[s] ? r.meta.severity : s), 'info' as Severity);
    const refs = c.rules.flatMap((r) => r.meta.references).filter((r, i, all) => all.findIndex((o) => o.source === r.source && o.id === r.id) === i);
    return {
      id: c.stigId,
      title: c.rules.map((r) => r.meta.title).join('; '),
      desc: c.rules.map((r) => r.meta.risk).join('\n\n'),
      descriptions: [
        { label: 'default', data: c.rules.map((r) => r.meta.risk).join('\n\n') },
        { label: 'fix', data: c.rules.map((r) => `${r.meta.id}: ${r.meta.remedy}`).join('\n\n') },
      ],
      impact: IMPACT[worst],
      refs: refs.map((r) => (r.url ? { ref: `${r.source}: ${r.id}`, url: r.url } : { ref: `${r.source}: ${r.id}` })),
      tags: {
        stig_id: c.stigId,
        ...(c.vid ? { gid: c.vid } : {}),
        severity: worst,
        benchmark: `DISA STIG ${c.benchmark}`,
        vharden_rules: c.rules.map((r) => r.meta.id),
      },
      code: null,
      source_location: {},
      results,
      ...(allWaived ? {
        waiver_data: {
          justification: [...new Set(waived.map((f) => `${f.onFile ? f.path : `${f.path}:${f.line}`}: ${reasonOf(f)}`))].join('; '),
          run: false,
          skipped_due_to_waiver: true,
          message: `Suppressed in the scanned files (vharden-ignore): ${waived.length} finding${waived.length === 1 ? '' : 's'}`,
        },
      } : {}),
    };
  });
  const groups = [...new Set(controls.map((c) => c.tags.benchmark))].map((b) => ({ id: b, title: b, controls: controls.filter((c) => c.tags.benchmark === b).map((c) => c.id) }));
  const profile = {
    name: 'vharden-disa-stig',
    title: 'vharden findings mapped to DISA STIG controls',
    version: opts.version,
    summary: 'Configuration files checked by vharden rules whose references name a DISA STIG control; suppressed findings are waivers.',
    supports: [],
    attributes: [],
    groups,
    status: 'loaded',
    controls,
  };
  const sha256 = createHash('sha256').update(JSON.stringify(controls.map((c) => [c.id, c.tags.vharden_rules]))).digest('hex');
  const hdf = {
    platform: { name: 'vharden', release: opts.version, target_id: model.host ? model.host.root : model.roots.join(', ') },
    version: opts.version,
    statistics: { controls: { passed: { total: stats.passed }, failed: { total: stats.failed }, skipped: { total: stats.skipped } } },
    profiles: [{ ...profile, sha256 }],
  };
  return `${JSON.stringify(hdf, null, 2)}\n`;
}

function reasonOf(f: ReportFinding): string {
  return f.suppressed?.reason || '(no reason given)';
}
