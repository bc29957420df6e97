import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REALWORLD, figures, percent, precision, readJudgments, type RuleFigures } from '../test/helpers/realworld';

/** Per-rule figures of the committed real-world judgments (never of files CI may lack). */
const judged = readJudgments(join(REALWORLD, 'judgments.json'));
const byRule = figures(judged);
const allowPath = join(REALWORLD, 'no-real-world-case.json');
const allow: Record<string, string> = existsSync(allowPath) ? JSON.parse(readFileSync(allowPath, 'utf8')) : {};
const manifestFiles = (JSON.parse(readFileSync(join(REALWORLD, 'manifest.json'), 'utf8')) as { files: unknown[] }).files.length;

const empty = (rule: string): RuleFigures => ({ rule, tp: 0, fp: 0, noise: 0, unjudged: 0, files: 0, quiet: 0 });

/** The "On real-world files" section of a rule page. */
export function realworldSection(id: string): string[] {
  const f = byRule.get(id) ?? empty(id);
  const n = f.tp + f.fp + f.noise;
  const lines = ['## On real-world files', ''];
  if (n) {
    lines.push(
      `On the judged set of ${manifestFiles} real public files (\`test/realworld/\`, default settings) this rule fired on ${f.files} file${f.files === 1 ? '' : 's'} with ${n} finding${n === 1 ? '' : 's'}: ${f.tp} true positive, ${f.fp} false positive, ${f.noise} noise — precision ${percent(precision(f))}.`,
    );
  } else if (allow[id]) lines.push(`No judged real-world case: ${allow[id]}`);
  else lines.push(`It reported nothing on the judged set of ${manifestFiles} real public files (\`test/realworld/\`, default settings).`);
  if (f.quiet) lines.push('', `Judged correctly silent on ${f.quiet} real file${f.quiet === 1 ? '' : 's'} of its format.`);
  lines.push('');
  return lines;
}

/** The table of docs/rules/README.md. */
export function realworldTable(ids: string[]): string[] {
  const rows = ids.map((id) => byRule.get(id) ?? empty(id));
  const total = rows.reduce((t, r) => ({ tp: t.tp + r.tp, fp: t.fp + r.fp, noise: t.noise + r.noise }), { tp: 0, fp: 0, noise: 0 });
  const n = total.tp + total.fp + total.noise;
  return [
    '## On real-world files',
    '',
    `Figures from the judgments in \`test/realworld/judgments.json\`: ${manifestFiles} real public files scanned at default settings, each finding judged true positive (tp), false positive (fp) or noise. All rules (file checks such as VH-PARSE-ERROR not counted): ${n} findings, precision ${percent(precision(total))}, fp ${percent(n ? total.fp / n : undefined)}, noise ${percent(n ? total.noise / n : undefined)}. \`npm run realworld\` recomputes them.`,
    '',
    '| Rule | Files fired on | Findings | tp | fp | noise | Precision | Judged quiet |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const k = r.tp + r.fp + r.noise;
      return `| [${r.rule}](${r.rule}.md) | ${r.files} | ${k} | ${r.tp} | ${r.fp} | ${r.noise} | ${k ? percent(precision(r)) : '—'} | ${r.quiet || (allow[r.rule] ? 'no real file' : 0)} |`;
    }),
    '',
  ];
}
