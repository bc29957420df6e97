import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileResult } from '../../server/src/engine/engine';

/** The shared corpus sits beside the repository (`<clone>/../shared/corpus`), in CI as in sessions. */
export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
export const hasCorpus = existsSync(CORPUS);

/** Every file under `dir`, depth first in name order; none when the folder does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    const names = readdirSync(d).sort();
    for (let i = names.length - 1; i >= 0; i--) {
      const p = join(d, names[i]!);
      if (statSync(p).isDirectory()) stack.push(p);
      else out.push(p);
    }
  }
  return out;
}

/** Hits per rule, as a printable table, for keeping noisy rules justified. */
export function hitTable(results: FileResult[]): string {
  const counts = new Map<string, { findings: number; files: number }>();
  for (const r of results) {
    const seen = new Set<string>();
    for (const f of r.findings) {
      const c = counts.get(f.ruleId) ?? { findings: 0, files: 0 };
      c.findings++;
      if (!seen.has(f.ruleId)) c.files++;
      seen.add(f.ruleId);
      counts.set(f.ruleId, c);
    }
  }
  const rows = [...counts.entries()].sort((a, b) => b[1].files - a[1].files || a[0].localeCompare(b[0]));
  return rows.map(([id, c]) => `${id.padEnd(28)} ${String(c.files).padStart(5)} files ${String(c.findings).padStart(6)} findings`).join('\n');
}
