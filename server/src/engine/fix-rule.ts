import type { Finding, Fix } from './types';

export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

/**
 * "Fix all of one rule" in one file: a fix per unsuppressed finding of the rule (its safe fix, else,
 * when `guarded`, its first guarded one; templates never), in the order of the findings. A fix whose
 * edits touch a range an earlier chosen fix edits, or insert at the same place, is left out: it is
 * offered again once the others are applied.
 */
export function fixesOfRule(findings: readonly Finding[], ruleId: string, guarded: boolean): ChosenFix[] {
  const taken: { start: number; end: number }[] = [];
  const clashes = (s: number, e: number) => taken.some((t) => (s < t.end && t.start < e) || (s === t.start && (s === e || t.start === t.end)));
  const out: ChosenFix[] = [];
  for (const finding of findings) {
    if (finding.suppressed || finding.ruleId !== ruleId) continue;
    const fix = finding.fixes?.find((x) => x.safety === 'safe') ?? (guarded ? finding.fixes?.[0] : undefined);
    if (!fix || fix.edits.some((e) => clashes(e.start, e.end))) continue;
    for (const e of fix.edits) taken.push({ start: e.start, end: e.end });
    out.push({ finding, fix });
  }
  return out;
}
