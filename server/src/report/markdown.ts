import { SEVERITIES } from '../engine/types';
import { profileLine } from '../engine/context';
import { FAMILY_ORDER, where, type ReportFinding, type ReportModel } from './model';
import { mdText, visible } from './safe-text';

/** Inline code that survives backticks inside the value. */
function mdCode(s: string): string {
  const one = visible(s).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** The same sections as the HTML report, as GitHub-flavoured Markdown. */
export function markdownReport(m: ReportModel): string {
  const out: string[] = [];
  out.push(`# ${m.host ? `vharden host report: ${mdText(m.host.root)}` : 'vharden report'}`, '');
  out.push(`Generated ${m.generated} by vharden ${mdText(m.tool.version)}.${m.cancelled ? ' **The scan was cancelled; results are partial.**' : ''}`, '');

  out.push('## Summary', '');
  const total = SEVERITIES.reduce((n, s) => n + m.totals[s], 0);
  out.push(`${total} findings in ${m.read.length} files read; ${m.waivers.length} waived, ${m.baselined.length} baselined, ${m.notRead.length} paths not read.`, '');
  out.push(`${mdText(profileLine(m.profile))}.`, '');
  out.push(`| Family | ${SEVERITIES.join(' | ')} | Total |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  for (const fam of FAMILY_ORDER) {
    const c = m.counts[fam]!;
    out.push(`| ${fam} | ${SEVERITIES.map((s) => c[s]).join(' | ')} | ${SEVERITIES.reduce((a, s) => a + c[s], 0)} |`);
  }
  out.push(`| **All** | ${SEVERITIES.map((s) => m.totals[s]).join(' | ')} | ${total} |`, '');
  if (m.findings.length) {
    out.push('### Worst findings', '');
    m.findings.slice(0, 10).forEach((f, i) => out.push(`${i + 1}. **${f.severity}** ${mdText(f.message)} — ${mdCode(where(f))}`));
    out.push('');
  }

  out.push(...configurationMd(m.configuration));

  out.push('## Findings by family', '');
  if (!m.findings.length) out.push('No findings.', '');
  for (const fam of FAMILY_ORDER) {
    const list = m.findings.filter((f) => f.family === fam);
    if (!list.length) continue;
    out.push(`### ${fam} (${list.length})`, '');
    for (const f of list) out.push(...findingMd(f));
  }

  out.push('## Waivers (suppressed findings)', '');
  if (!m.waivers.length) out.push('No suppressed findings.', '');
  else {
    out.push('| Rule | Severity | Where | Finding | Scope | Reason |', '|---|---|---|---|---|---|');
    for (const f of m.waivers) out.push(`| ${mdCode(f.ruleId)} | ${f.severity} | ${mdCode(where(f))} | ${mdText(f.message)} | ${f.suppressed!.kind === 'file' ? 'whole file' : 'line'} | ${f.suppressed!.reason ? mdText(f.suppressed!.reason) : '*no reason given*'} |`);
    out.push('');
  }

  out.push('## Baselined findings', '');
  if (!m.baselined.length && !m.staleBaseline.length) out.push('No baseline in use, or nothing in it matched.', '');
  if (m.baselined.length) {
    out.push('| Rule | Severity | Where | Finding | Locator |', '|---|---|---|---|---|');
    for (const f of m.baselined) out.push(`| ${mdCode(f.ruleId)} | ${f.baselinedFrom} | ${mdCode(where(f))} | ${mdText(f.message)} | ${mdCode(f.locator)} |`);
    out.push('');
  }
  if (m.staleBaseline.length) {
    out.push('### Baseline entries that no longer match (fixed or moved)', '', '| Rule | Path | Locator | Missing |', '|---|---|---|---:|');
    for (const e of m.staleBaseline) out.push(`| ${mdCode(e.ruleId)} | ${mdCode(e.path)} | ${mdCode(e.locator)} | ${e.missing} of ${e.count} |`);
    out.push('');
  }

  out.push('## Scanned paths', '');
  out.push(`Started from ${m.roots.map(mdCode).join(', ')}. ${m.visited} files looked at, ${m.read.length} read and checked${m.ignored ? `, ${m.ignored} ignored by configuration` : ''}. The scan is read-only.`, '');
  if (m.host?.absent.length) out.push(`Standard locations not present on this host: ${m.host.absent.map(mdCode).join(', ')}.`, '');
  out.push(`<details><summary>Files read (${m.read.length})</summary>`, '', ...m.read.map((p) => `- ${mdCode(p)}`), '', '</details>', '');
  out.push('### Paths not read', '');
  if (!m.notRead.length) out.push('None.', '');
  else out.push(...m.notRead.map((p) => `- ${mdCode(p.path)}: ${mdText(p.reason)}`), '');
  if (m.notWritten.length) out.push('### Paths not written', '', ...m.notWritten.map((p) => `- ${mdCode(p.path)}: ${mdText(p.reason)}`), '');

  out.push('## About this report', '', `Tool: vharden ${mdText(m.tool.version)}.`, '');
  if (m.dataFiles.length) out.push(...m.dataFiles.map((d) => `- ${mdText(d.name)}: ${mdText(d.date)}${d.source ? ` (${mdText(d.source)})` : ''}`), '');
  else out.push('No bundled data files are in use.', '');
  return out.join('\n');
}

function findingMd(f: ReportFinding): string[] {
  const out = [`- **${f.severity}** ${mdText(f.message)}`, `  ${mdCode(f.onFile ? f.path : `${f.path}:${f.line}:${f.column}`)}${f.onFile ? ' (whole file)' : ''} · ${mdCode(f.ruleId)} ${mdText(f.title)} · locator ${mdCode(f.locator)}`];
  if (f.context) out.push(`  Context: ${mdText(f.context)}`);
  if (f.details && f.details.length > 1) out.push(...f.details.map((d) => `  - ${mdText(d)}`));
  if (f.snippet) {
    const body = f.snippet.lines.map((l, i) => `${String(f.snippet!.firstLine + i).padStart(5)}${f.snippet!.firstLine + i >= f.line && f.snippet!.firstLine + i <= f.endLine ? ' >' : '  '} ${visible(l)}`);
    const longest = Math.max(2, ...body.join('\n').match(/`+/g)?.map((r) => r.length) ?? []);
    const fence = '`'.repeat(longest + 1);
    out.push('', `  ${fence}text`, ...body.map((l) => `  ${l}`), `  ${fence}`);
  }
  out.push('');
  return out;
}

/** Every `.vharden.yaml` in effect with what it turns off, lowers or ignores, and the baseline in use. */
function configurationMd(c: ReportModel['configuration']): string[] {
  const out = ['## Configuration in effect', ''];
  if (!c.files.length) out.push('No `.vharden.yaml` applied: built-in defaults (and command-line flags or editor settings).', '');
  else {
    const cell = (xs: string[]) => (xs.length ? xs.map(mdText).join('<br>') : 'nothing');
    out.push('| File | Applies to | Turns off, lowers or ignores | Other settings |', '|---|---|---|---|');
    for (const f of c.files) out.push(`| ${mdCode(f.path)} | ${f.files} file${f.files === 1 ? '' : 's'}${f.ignored ? `, ${f.ignored} ignored` : ''} | ${cell(f.loosens)} | ${cell(f.settings)} |`);
    out.push('');
  }
  if (c.baseline) out.push(`Baseline: ${mdCode(c.baseline.path)} (${c.baseline.entries} entries).${c.baseline.notes.map((n) => ` **${mdText(n)}**`).join('')}`, '');
  return out;
}
