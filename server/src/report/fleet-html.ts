import { SEVERITIES, type Severity } from '../engine/types';
import type { FleetModel } from './fleet';
import { CSS, esc } from './html';

const MAX_NAMED_HOSTS = 12;

function worst(c: Record<Severity, number> | undefined): Severity | undefined {
  return c ? SEVERITIES.find((s) => c[s] > 0) : undefined;
}

function sum(c: Record<Severity, number> | undefined): number {
  return c ? SEVERITIES.reduce((n, s) => n + c[s], 0) : 0;
}

/** A fleet on one page: host × family matrix (worst hosts first), then each rule's spread over the hosts. */
export function fleetHtml(m: FleetModel, opts: { version: string; now?: Date }): string {
  const n = m.hosts.length;
  const out: string[] = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>vharden fleet report</title><style>${CSS}body{max-width:80rem}</style></head><body>`, '<h1>vharden fleet report</h1>'];
  const total = m.hosts.reduce((a, h) => a + sum(h.totals), 0);
  const clean = m.hosts.filter((h) => sum(h.totals) === 0).length;
  out.push(`<p class="muted">Generated ${esc((opts.now ?? new Date()).toISOString())} by vharden ${esc(opts.version)}.</p>`);
  out.push(`<p>${n} host${n === 1 ? '' : 's'}, ${total} finding${total === 1 ? '' : 's'}; ${clean} host${clean === 1 ? '' : 's'} without findings.</p>`);

  out.push('<section id="hosts"><h2>Hosts</h2><table><thead><tr><th>Host</th>', ...m.families.map((f) => `<th>${esc(f)}</th>`), '<th>Total</th><th>Worst</th><th>Waived</th><th>Not read</th></tr></thead><tbody>');
  for (const h of m.hosts) {
    out.push(`<tr><td><code>${esc(h.host)}</code></td>`);
    for (const f of m.families) {
      const c = h.counts[f];
      const w = worst(c);
      out.push(w ? `<td class="n"><span class="sev ${w}" title="${SEVERITIES.map((s) => `${c![s]} ${s}`).join(', ')}">${sum(c)}</span></td>` : '<td class="n">0</td>');
    }
    const w = worst(h.totals);
    out.push(`<td class="n">${sum(h.totals)}</td><td>${w ? `<span class="sev ${w}">${w}</span>` : '—'}</td><td class="n">${h.waived}</td><td class="n">${h.notRead}</td></tr>`);
  }
  out.push('</tbody></table></section>');

  out.push('<section id="rules"><h2>Findings across hosts</h2>');
  if (!m.groups.length) out.push('<p>No findings on any host.</p>');
  else {
    out.push('<table><thead><tr><th>Severity</th><th>Rule</th><th>Hosts</th><th>Findings</th><th>Where</th></tr></thead><tbody>');
    for (const g of m.groups) {
      const named = g.hosts.slice(0, MAX_NAMED_HOSTS).map((h) => `<code>${esc(h)}</code>`).join(', ');
      const more = g.hosts.length > MAX_NAMED_HOSTS ? ` and ${g.hosts.length - MAX_NAMED_HOSTS} more` : '';
      out.push(`<tr><td><span class="sev ${g.severity}">${g.severity}</span></td><td>${esc(g.title)} <code>${esc(g.ruleId)}</code></td>`,
        `<td>on ${g.hosts.length} of ${n} host${n === 1 ? '' : 's'}</td><td class="n">${g.findings}</td><td>${named}${more}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section></body></html>', '');
  return out.join('\n');
}
