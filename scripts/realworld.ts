/**
 * npm run realworld [-- --holdout DIR] [--write] [--prune]
 *
 * Scans the real-world set (test/realworld/manifest.json, or a held-out set in DIR), compares the
 * findings with the judgments and prints: files present and skipped, new findings to judge, judgments
 * whose finding is gone or moved, precision per rule and in all. `--write` adds a skeleton judgment
 * (verdict `unjudged`, which the test rejects) for each new finding and updates the lines of moved ones;
 * `--apply FILE` (with `--write`) takes the verdict and reason of a skeleton from FILE (`{"findings": [...]}`,
 * judgments prepared elsewhere) when FILE judges the same file, rule and locator.
 * `--prune` removes the judgments whose finding is gone (they are listed first; a tp among them is a lost
 * true positive unless the same finding now comes under another locator).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  diff,
  figures,
  holdoutPaths,
  materialise,
  percent,
  precision,
  readJudgments,
  readManifest,
  scanSet,
  suitePaths,
  type Judgment,
  type Judgments,
} from '../test/helpers/realworld';

const args = process.argv.slice(2);
const at = args.indexOf('--holdout');
const paths = at >= 0 ? holdoutPaths(args[at + 1] ?? '') : suitePaths();
const write = args.includes('--write');
const prune = args.includes('--prune');
const applyAt = args.indexOf('--apply');
const prepared: Judgment[] = applyAt >= 0 ? readJudgments(args[applyAt + 1] ?? '').findings : [];

const manifest = readManifest(paths.manifest);
const judgments = readJudgments(paths.judgments);
const set = materialise(manifest, paths);
const seen = scanSet(set.root);
set.dispose();
const present = new Set(set.present.map((e) => e.file));
const d = diff(seen, judgments.findings, present);

const out: string[] = [];
out.push(`${paths.manifest}: ${manifest.length} files from ${new Set(manifest.map((e) => e.repo)).size} repositories`);
out.push(`  present ${set.present.length}, skipped ${set.missing.length} (not on this machine), changed ${set.changed.length} (other bytes than the manifest's sha256)`);
for (const e of set.changed) out.push(`  changed: ${e.file}`);
out.push(`  findings ${seen.length}: judged ${d.matched.length}, moved ${d.moved.length}, new ${d.fresh.length}; judgments gone ${d.gone.length}`);

if (d.fresh.length) {
  out.push('', 'New findings to judge:');
  for (const s of d.fresh) out.push(`  ${s.file}:${s.line} ${s.rule} [${s.locator}] ${s.message}`, `      | ${s.text}`);
}
if (d.moved.length) {
  out.push('', 'Moved (same file, rule and locator, other line):');
  for (const m of d.moved) out.push(`  ${m.seen.file}:${m.judged.line} → ${m.seen.line} ${m.seen.rule} [${m.seen.locator}] (${m.judged.verdict})`);
}
if (d.gone.length) {
  out.push('', 'Judged findings that are gone (a tp gone is a lost true positive):');
  for (const g of d.gone) out.push(`  ${g.file}:${g.line} ${g.rule} [${g.locator}] was ${g.verdict}: ${g.reason}`);
}

// Figures over what this run saw: judged findings still reported, plus the new ones as unjudged.
const current: Judgments = {
  findings: [...d.matched.map((m) => m.judged), ...d.moved.map((m) => m.judged), ...d.fresh.map((s) => ({ ...s, verdict: 'unjudged' as const, reason: '' }))],
  quiet: judgments.quiet.filter((q) => present.has(q.file)),
};
const rows = [...figures(current).values()].sort((a, b) => b.tp + b.fp + b.noise + b.unjudged - (a.tp + a.fp + a.noise + a.unjudged) || a.rule.localeCompare(b.rule));
out.push('', 'rule                          files  findings    tp    fp noise unjudged  quiet  precision');
for (const r of rows) {
  const n = r.tp + r.fp + r.noise + r.unjudged;
  out.push(`${r.rule.padEnd(28)} ${String(r.files).padStart(6)} ${String(n).padStart(9)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.noise).padStart(5)} ${String(r.unjudged).padStart(8)} ${String(r.quiet).padStart(6)} ${percent(precision(r)).padStart(10)}`);
}
const total = rows.reduce((t, r) => ({ tp: t.tp + r.tp, fp: t.fp + r.fp, noise: t.noise + r.noise, unjudged: t.unjudged + r.unjudged }), { tp: 0, fp: 0, noise: 0, unjudged: 0 });
const judged = total.tp + total.fp + total.noise;
out.push('', `all: ${judged} judged findings (${total.unjudged} unjudged) — tp ${total.tp} (${percent(precision(total))}), fp ${total.fp} (${percent(judged ? total.fp / judged : undefined)}), noise ${total.noise} (${percent(judged ? total.noise / judged : undefined)})`);
const noisiest = [...rows].sort((a, b) => b.noise + b.fp - (a.noise + a.fp)).slice(0, 5).filter((r) => r.noise + r.fp);
out.push(`noisiest: ${noisiest.map((r) => `${r.rule} (noise ${r.noise}, fp ${r.fp})`).join(', ') || 'none'}`);
const lost = d.gone.filter((g) => g.verdict === 'tp').length;
out.push(`targets (issue 12): tp ≥ 80%, fp ≤ 3%, noise ≤ 15%, no judged tp lost — lost tp: ${lost}`);
console.log(out.join('\n'));

if ((write && (d.fresh.length || d.moved.length)) || (prune && d.gone.length)) {
  const raw: Judgments = existsSync(paths.judgments) ? JSON.parse(readFileSync(paths.judgments, 'utf8')) : { findings: [], quiet: [] };
  const gone = prune ? d.gone : [];
  const same = (a: Judgment, b: Judgment) => a.file === b.file && a.rule === b.rule && a.locator === b.locator && a.line === b.line;
  for (const g of gone) {
    const i = raw.findings.findIndex((x) => same(g, x));
    if (i >= 0) raw.findings.splice(i, 1);
  }
  for (const m of write ? d.moved : []) {
    const j = raw.findings.find((x) => x.file === m.judged.file && x.rule === m.judged.rule && x.locator === m.judged.locator && x.line === m.judged.line);
    if (j) j.line = m.seen.line;
  }
  const ready = (s: { file: string; rule: string; locator: string }) => prepared.find((p) => p.file === s.file && p.rule === s.rule && p.locator === s.locator && p.verdict !== 'unjudged');
  if (write)
    raw.findings.push(
      ...d.fresh.map((s): Judgment => {
        const p = ready(s);
        return { file: s.file, rule: s.rule, locator: s.locator, line: s.line, verdict: p?.verdict ?? 'unjudged', reason: p?.reason ?? '' };
      }),
    );
  raw.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.locator.localeCompare(b.locator));
  writeFileSync(paths.judgments, formatJudgments(raw));
  const applied = write ? d.fresh.filter((s) => ready(s)).length : 0;
  console.log(`\n${paths.judgments}: ${write ? d.fresh.length - applied : 0} skeletons added (verdict unjudged), ${applied} judged from --apply, ${write ? d.moved.length : 0} lines updated, ${gone.length} gone judgments removed`);
}

/** One judgment a line, so diffs of the file stay readable. */
export function formatJudgments(j: Judgments): string {
  const block = (xs: object[]) => (xs.length ? `[\n${xs.map((x) => '    ' + JSON.stringify(x)).join(',\n')}\n  ]` : '[]');
  return `{\n  "findings": ${block(j.findings)},\n  "quiet": ${block(j.quiet)}\n}\n`;
}
