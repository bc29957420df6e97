import type { StaleEntry } from '../engine/baseline';
import { looseningOf, type ConfigInEffect } from '../engine/config-effects';
import { ruleMeta } from '../catalog';
import type { FileResult } from '../engine/engine';
import type { ScanResult } from '../node/scan';
import { displayPath } from '../node/files';
import { reportedData } from './model';
import type { ProfileSummary } from '../engine/context';

/** What the summary counts: active findings, suppressed ones and baselined ones. */
export interface FindingCounts {
  findings: number;
  suppressed: number;
  baselined: number;
}

/** The findings of files as the JSON report lists them (and JSON Lines writes them, one a line): 1-based positions like the text report. */
export function jsonFindings(files: FileResult[]) {
  return files.flatMap((file) =>
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
      ...(f.object ? { object: f.object } : {}),
      suppressed: f.suppressed ? { kind: f.suppressed.kind, reason: f.suppressed.reason } : null,
      baselined: f.baselined ? { severity: f.baselined.severity } : null,
      baselineChanged: f.baselineChanged ?? null,
      fixes: (f.fixes ?? []).map((x) => ({ title: x.title, safety: x.safety, edits: x.edits })),
    })),
  );
}

export function countFindings(files: FileResult[], counts: FindingCounts): void {
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppressed) counts.suppressed++;
      else if (f.baselined) counts.baselined++;
      else counts.findings++;
    }
  }
}

/**
 * The machine-readable report with `findings` and what it says of the files read given (the
 * report stream writes findings as the scan goes, so they come right after `tool`; what needs the
 * whole scan follows them).
 */
export function jsonDocument(result: ScanResult, version: string, findings: unknown[], counts: FindingCounts, files: { read: string[]; profile: ProfileSummary }, staleBaseline?: StaleEntry[], configuration?: ConfigInEffect) {
  return {
    tool: { name: 'vharden', version },
    findings,
    advisories: result.advisories,
    data: reportedData(result),
    profile: files.profile,
    summary: { visited: result.visited, checked: result.checked, ...counts, ignored: result.ignored, fixed: result.fixed },
    roots: result.roots.map((p) => displayPath(p)),
    read: files.read,
    notRead: result.problems.map((p) => ({ path: displayPath(p.path), reason: p.reason })),
    ...(configuration ? { configuration: configurationJson(configuration) } : {}),
    notWritten: result.notWritten.map((p) => ({ path: displayPath(p.path), reason: p.reason })),
    ...(staleBaseline ? { staleBaseline } : {}),
  };
}

/** The configuration in effect with paths as reports show them and what each file loosens; JSON and SARIF use it. */
export function configurationJson(c: ConfigInEffect) {
  return {
    files: c.files.map((f) => ({ ...f, path: displayPath(f.path), loosens: looseningOf(f) })),
    ...(c.baseline ? { baseline: { ...c.baseline, path: displayPath(c.baseline.path) } } : {}),
  };
}
