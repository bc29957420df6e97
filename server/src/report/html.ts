import { SEVERITIES } from '../engine/types';
import { profileLine } from '../engine/context';
import { FAMILY_ORDER, where, type ReportFinding, type ReportModel } from './model';
import { visible } from './safe-text';

/** Escape text for HTML element content and attribute values; controls and bidi overrides are shown as escapes. */
export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right}
.sev{display:inline-block;min-width:4.5rem;padding:0 .3rem;border-radius:3px;font-weight:600;text-align:center}
.critical{background:#8b0000;color:#fff}.high{background:#cf222e;color:#fff}.medium{background:#bf8700;color:#fff}.low{background:#0969da;color:#fff}.info{background:#6e7781;color:#fff}
.finding{border:1px solid #d0d7de;border-radius:4px;margin:.6rem 0;padding:.5rem .7rem}
.finding .where{font-family:ui-monospace,monospace;color:#57606a}
pre{background:#f6f8fa;padding:.4rem .6rem;overflow-x:auto;margin:.4rem 0 0}
pre .hit{background:#ffebe9;display:block}
.muted{color:#57606a}code{font-family:ui-monospace,monospace}
`;

/** One self-contained HTML file (inline CSS, no scripts, no external resources). Every value is escaped. */
export function htmlReport(m: ReportModel): string {
  const out: string[] = [];
  const title = m.host ? `vharden host report: ${m.host.root}` : 'vharden report';
  out.push('<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>`);
  out.push(`<h1>${esc(title)}</h1>`);
  out.push(`<p class="muted">Generated ${esc(m.generated)} by vharden ${esc(m.tool.version)}.${m.cancelled ? ' <strong>The scan was cancelled; results are partial.</strong>' : ''}</p>`);

  out.push('<section id="summary"><h2>Summary</h2>');
  const total = SEVERITIES.reduce((n, s) => n + m.totals[s], 0);
  out.push(`<p>${total} finding${total === 1 ? '' : 's'} in ${m.read.length} file${m.read.length === 1 ? '' : 's'} read; ${m.waivers.length} waived, ${m.baselined.length} baselined, ${m.notRead.length} path${m.notRead.length === 1 ? '' : 's'} not read.</p>`);
  out.push(`<p class="muted">${esc(profileLine(m.profile))}.</p>`);
  out.push('<table><thead><tr><th>Family</th>', ...SEVERITIES.map((s) => `<th><span class="sev ${s}">${s}</span></th>`), '<th>Total</th></tr></thead><tbody>');
  for (const fam of FAMILY_ORDER) {
    const c = m.counts[fam]!;
    const n = SEVERITIES.reduce((a, s) => a + c[s], 0);
    out.push(`<tr><td>${esc(fam)}</td>`, ...SEVERITIES.map((s) => `<td class="n">${c[s]}</td>`), `<td class="n">${n}</td></tr>`);
  }
  out.push('<tr><th>All</th>', ...SEVERITIES.map((s) => `<th class="n">${m.totals[s]}</th>`), `<th class="n">${total}</th></tr></tbody></table>`);
  if (m.findings.length) {
    out.push('<h3>Worst findings</h3><ol>');
    for (const f of m.findings.slice(0, 10)) out.push(`<li><span class="sev ${f.severity}">${f.severity}</span> <a href="#${anchor(f)}">${esc(f.message)}</a> <span class="where">${esc(where(f))}</span></li>`);
    out.push('</ol>');
  }
  out.push('</section>');

  out.push(configurationHtml(m.configuration));

  out.push('<section id="findings"><h2>Findings by family</h2>');
  if (!m.findings.length) out.push('<p>No findings.</p>');
  for (const fam of FAMILY_ORDER) {
    const list = m.findings.filter((f) => f.family === fam);
    if (!list.length) continue;
    out.push(`<h3 id="family-${esc(fam)}">${esc(fam)} (${list.length})</h3>`);
    for (const f of list) out.push(findingHtml(f, anchor(f)));
  }
  out.push('</section>');

  out.push('<section id="waivers"><h2>Waivers (suppressed findings)</h2>');
  if (!m.waivers.length) out.push('<p>No suppressed findings.</p>');
  else {
    out.push('<table><thead><tr><th>Rule</th><th>Severity</th><th>Where</th><th>Finding</th><th>Scope</th><th>Reason</th></tr></thead><tbody>');
    for (const f of m.waivers) {
      const reason = f.suppressed!.reason ? esc(f.suppressed!.reason) : '<em>no reason given</em>';
      out.push(`<tr><td><code>${esc(f.ruleId)}</code></td><td><span class="sev ${f.severity}">${f.severity}</span></td><td class="where">${esc(where(f))}</td><td>${esc(f.message)}</td><td>${f.suppressed!.kind === 'file' ? 'whole file' : 'line'}</td><td>${reason}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="baselined"><h2>Baselined findings</h2>');
  if (!m.baselined.length && !m.staleBaseline.length) out.push('<p>No baseline in use, or nothing in it matched.</p>');
  if (m.baselined.length) {
    out.push('<p>Accepted by the baseline; shown at <code>info</code>, with the severity they would have.</p><table><thead><tr><th>Rule</th><th>Severity</th><th>Where</th><th>Finding</th><th>Locator</th></tr></thead><tbody>');
    for (const f of m.baselined) out.push(`<tr><td><code>${esc(f.ruleId)}</code></td><td><span class="sev ${f.baselinedFrom}">${f.baselinedFrom}</span></td><td class="where">${esc(where(f))}</td><td>${esc(f.message)}</td><td><code>${esc(f.locator)}</code></td></tr>`);
    out.push('</tbody></table>');
  }
  if (m.staleBaseline.length) {
    out.push('<h3>Baseline entries that no longer match (fixed or moved)</h3><table><thead><tr><th>Rule</th><th>Path</th><th>Locator</th><th>Missing</th></tr></thead><tbody>');
    for (const e of m.staleBaseline) out.push(`<tr><td><code>${esc(e.ruleId)}</code></td><td class="where">${esc(e.path)}</td><td><code>${esc(e.locator)}</code></td><td class="n">${e.missing} of ${e.count}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="paths"><h2>Scanned paths</h2>');
  out.push(`<p>Started from: ${m.roots.map((r) => `<code>${esc(r)}</code>`).join(', ') || '<em>nothing</em>'}. ${m.visited} files looked at, ${m.read.length} read and checked${m.ignored ? `, ${m.ignored} ignored by configuration` : ''}. The scan is read-only.</p>`);
  if (m.host?.absent.length) out.push(`<p>Standard locations not present on this host: ${m.host.absent.map((p) => `<code>${esc(p)}</code>`).join(', ')}.</p>`);
  out.push(`<details><summary>Files read (${m.read.length})</summary><ul>`, ...m.read.map((p) => `<li><code>${esc(p)}</code></li>`), '</ul></details>');
  out.push('<h3 id="not-read">Paths not read</h3>');
  if (!m.notRead.length) out.push('<p>None.</p>');
  else out.push('<ul>', ...m.notRead.map((p) => `<li><code>${esc(p.path)}</code>: ${esc(p.reason)}</li>`), '</ul>');
  if (m.notWritten.length) out.push('<h3 id="not-written">Paths not written</h3>', '<ul>', ...m.notWritten.map((p) => `<li><code>${esc(p.path)}</code>: ${esc(p.reason)}</li>`), '</ul>');
  out.push('</section>');

  out.push('<section id="about"><h2>About this report</h2>');
  out.push(`<p>Tool: vharden ${esc(m.tool.version)}.</p>`);
  if (m.dataFiles.length) out.push('<p>Bundled data files:</p><ul>', ...m.dataFiles.map((d) => `<li>${esc(d.name)}: ${esc(d.date)}${d.source ? ` (${esc(d.source)})` : ''}</li>`), '</ul>');
  else out.push('<p>No bundled data files are in use.</p>');
  out.push('</section></body></html>');
  return out.join('\n') + '\n';
}

function anchor(f: ReportFinding): string {
  return `f-${f.ruleId}-${f.path}-${f.line}-${f.column}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function findingHtml(f: ReportFinding, id: string): string {
  const parts = [`<div class="finding" id="${esc(id)}">`,
    `<div><span class="sev ${f.severity}">${f.severity}</span> <strong>${esc(f.message)}</strong></div>`,
    `<div class="where">${esc(f.onFile ? `${f.path} (whole file)` : `${f.path}:${f.line}:${f.column}`)} · <code>${esc(f.ruleId)}</code> ${esc(f.title)} · locator <code>${esc(f.locator)}</code></div>`];
  if (f.context) parts.push(`<div class="muted">Context: ${esc(f.context)}</div>`);
  if (f.details && f.details.length > 1) parts.push('<ul>', ...f.details.map((d) => `<li>${esc(d)}</li>`), '</ul>');
  if (f.snippet) {
    const lines = f.snippet.lines.map((text, i) => {
      const n = f.snippet!.firstLine + i;
      const body = `${String(n).padStart(5)}  ${esc(text)}`;
      return n >= f.line && n <= f.endLine ? `<span class="hit">${body}</span>` : `${body}\n`;
    });
    parts.push(`<pre>${lines.join('')}</pre>`);
  }
  parts.push('</div>');
  return parts.join('');
}

/** Every `.vharden.yaml` in effect with what it turns off, lowers or ignores, and the baseline in use. */
function configurationHtml(c: ReportModel['configuration']): string {
  const out = ['<section id="configuration"><h2>Configuration in effect</h2>'];
  if (!c.files.length) out.push('<p>No <code>.vharden.yaml</code> applied: built-in defaults (and command-line flags or editor settings).</p>');
  else {
    out.push('<table><thead><tr><th>File</th><th>Applies to</th><th>Turns off, lowers or ignores</th><th>Other settings</th></tr></thead><tbody>');
    for (const f of c.files) {
      const applies = `${f.files} file${f.files === 1 ? '' : 's'}${f.ignored ? `, ${f.ignored} ignored` : ''}`;
      const cell = (xs: string[]) => (xs.length ? xs.map(esc).join('<br>') : '<span class="muted">nothing</span>');
      out.push(`<tr><td><code>${esc(f.path)}</code></td><td>${applies}</td><td>${cell(f.loosens)}</td><td>${cell(f.settings)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (c.baseline) out.push(`<p>Baseline: <code>${esc(c.baseline.path)}</code> (${c.baseline.entries} entries).${c.baseline.notes.map((n) => ` <strong>${esc(n)}</strong>`).join('')}</p>`);
  out.push('</section>');
  return out.join('');
}
