import type { StaleEntry } from '../engine/baseline';
import { looseningOf, type ConfigInEffect } from '../engine/config-effects';
import { ruleMeta } from '../catalog';
import type { ScanResult } from '../node/scan';
import { displayPath } from '../node/files';
import { profileSummary } from '../engine/context';
import { reportedData } from './model';

/** Machine-readable report: one object per finding, 1-based positions like the text report. */
export function jsonReport(result: ScanResult, version: string, staleBaseline?: StaleEntry[], configuration?: ConfigInEffect): string {
  const findings = result.files.flatMap((file) =>
    file.findings.map((f) => ({
      path: displayPath(file.path),
      format: file.format,
      ruleId: f.ruleId,
      family: (ruleMeta(f.ruleId) as { family?: string } | undefined)?.family ?? null,
      severity: f.severity,
      message: f.message,
      line: f.line + 1,
      column: f.character + 1,
      endLine: f.endLine + 1,
      endColumn: f.endCharacter + 1,
      locator: f.locator,
      ...(f.onFile ? { onFile: true } : {}),
      ...(f.context ? { context: f.context } : {}),
      ...(f.details ? { details: f.details } : {}),
      suppressed: f.suppressed ? { kind: f.suppressed.kind, reason: f.suppressed.reason } : null,
      baselined: f.baselined ? { severity: f.baselined.severity } : null,
      baselineChanged: f.baselineChanged ?? null,
      fixes: (f.fixes ?? []).map((x) => ({ title: x.title, safety: x.safety, edits: x.edits })),
    })),
  );
  return JSON.stringify(
    {
      tool: { name: 'vharden', version },
      advisories: result.advisories,
      data: reportedData(result),
      profile: profileSummary(result.files, result.profile),
      summary: { visited: result.visited, checked: result.checked, findings: findings.filter((f) => !f.suppressed && !f.baselined).length, suppressed: findings.filter((f) => f.suppressed).length, baselined: findings.filter((f) => f.baselined).length, ignored: result.ignored, fixed: result.fixed },
      roots: result.roots.map((p) => displayPath(p)),
      read: result.files.map((f) => displayPath(f.path)),
      findings,
      notRead: result.problems.map((p) => ({ path: displayPath(p.path), reason: p.reason })),
      ...(configuration ? { configuration: configurationJson(configuration) } : {}),
      notWritten: result.notWritten.map((p) => ({ path: displayPath(p.path), reason: p.reason })),
      ...(staleBaseline ? { staleBaseline } : {}),
    },
    null,
    2,
  ) + '\n';
}

/** The configuration in effect with paths as reports show them and what each file loosens; JSON and SARIF use it. */
export function configurationJson(c: ConfigInEffect) {
  return {
    files: c.files.map((f) => ({ ...f, path: displayPath(f.path), loosens: looseningOf(f) })),
    ...(c.baseline ? { baseline: { ...c.baseline, path: displayPath(c.baseline.path) } } : {}),
  };
}
