import { SEVERITIES, type Severity } from '../engine/types';
import { changedNote, type StaleEntry } from '../engine/baseline';
import { describeConfigFile, looseningOf, type ConfigInEffect } from '../engine/config-effects';
import type { ScanResult } from '../node/scan';
import { displayPath } from '../node/files';
import { visible } from '../report/safe-text';
import { reportedData } from './model';

/** A path as shown, with any control character from its name made visible. */
const showPath = (path: string) => visible(displayPath(path));
import { profileLine, profileSummary } from '../engine/context';

const COLOR: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };

function patchFindings(result: ScanResult): boolean {
  return result.files.some((f) => f.findings.some((x) => x.ruleId.startsWith('PATCH-') && !x.suppressed));
}

/** Human-readable report: findings grouped per file, then counts per severity. */
export function textReport(result: ScanResult, opts: { color: boolean; showSuppressed?: boolean; staleBaseline?: StaleEntry[]; configuration?: ConfigInEffect }): string {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}\x1b[0m` : s);
  const lines: string[] = [];
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  let suppressed = 0;
  let baselined = 0;
  let filesWithFindings = 0;
  for (const file of result.files) {
    const shown = file.findings.filter((f) => opts.showSuppressed || !f.suppressed);
    for (const f of file.findings) if (f.suppressed) suppressed++;
    if (shown.length === 0) continue;
    filesWithFindings++;
    lines.push(paint('\x1b[4m', showPath(file.path)));
    for (const f of shown) {
      if (f.baselined) baselined++;
      else if (!f.suppressed) counts[f.severity]++;
      const pos = (f.onFile ? 'file' : `${f.line + 1}:${f.character + 1}`).padEnd(8);
      const sev = paint(COLOR[f.severity], f.severity.padEnd(8));
      const tag = f.suppressed ? paint('\x1b[2m', ` [suppressed${f.suppressed.reason ? `: ${visible(f.suppressed.reason)}` : ''}]`) : '';
      const base = f.baselined ? paint('\x1b[2m', ` [baselined; was ${f.baselined.severity}]`) : f.baselineChanged ? paint('\x1b[33m', ` [${changedNote(f.baselineChanged)}]`) : '';
      lines.push(`  ${pos} ${sev} ${visible(f.message)}  ${paint('\x1b[2m', visible(f.ruleId))}${tag}${base}`);
    }
    lines.push('');
  }
  for (const p of result.problems) lines.push(`${paint('\x1b[33m', 'not read')}: ${showPath(p.path)} (${visible(p.reason)})`);
  if (result.problems.length) lines.push('');
  for (const p of result.notWritten) lines.push(`${paint('\x1b[31m', 'not written')}: ${showPath(p.path)} (${visible(p.reason)})`);
  if (result.notWritten.length) lines.push('');
  for (const e of opts.staleBaseline ?? []) lines.push(`${paint('\x1b[32m', 'baseline entry no longer matches (fixed or moved)')}: ${visible(`${e.path} ${e.ruleId} ${e.locator}`)}${e.missing < e.count ? ` (${e.missing} of ${e.count})` : ''}`);
  if (opts.staleBaseline?.length) lines.push('');
  for (const c of opts.configuration?.files ?? []) {
    const counts = `${c.files} file${c.files === 1 ? '' : 's'}${c.ignored ? `, ${c.ignored} ignored` : ''}`;
    lines.push(`${paint(looseningOf(c).length ? '\x1b[33m' : '\x1b[2m', 'configuration')}: ${showPath(c.path)} (${counts}): ${visible(describeConfigFile(c))}`);
  }
  const baseline = opts.configuration?.baseline;
  if (baseline) lines.push(`${paint('\x1b[2m', 'baseline')}: ${showPath(baseline.path)} (${baseline.entries} entr${baseline.entries === 1 ? 'y' : 'ies'})${baseline.notes.map((n) => `; ${n}`).join('')}`);
  if (result.roots.length) {
    const ignored = result.ignored ? `, ${result.ignored} ignored by .vharden.yaml` : '';
    lines.push(paint('\x1b[2m', `scanned ${result.roots.map(showPath).join(', ')}: ${result.visited} files looked at, ${result.checked} read${ignored}`));
    lines.push(paint('\x1b[2m', profileLine(profileSummary(result.files, result.profile))));
  }
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const bySeverity = SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
  const extra = [suppressed ? `${suppressed} suppressed` : '', baselined ? `${baselined} baselined` : '', result.fixed ? `${result.fixed} fixed` : ''].filter(Boolean).join(', ');
  lines.push(
    `${total === 0 ? paint('\x1b[32m', '✓') : paint('\x1b[31m', '✖')} ${total} finding${total === 1 ? '' : 's'} (${bySeverity})` +
      `${extra ? `; ${extra}` : ''} in ${filesWithFindings} of ${result.checked} checked file${result.checked === 1 ? '' : 's'}` +
      `${result.cancelled ? ' (scan cancelled)' : ''}`,
  );
  if (patchFindings(result)) lines.push(paint('\x1b[2m', `Patch-level findings use data of ${reportedData(result).map((d) => `${d.date} (${visible(d.name)})`).join(', ')}.`));
  return lines.join('\n') + '\n';
}
