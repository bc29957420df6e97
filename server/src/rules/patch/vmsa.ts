import type { FindingDraft, RuleContext, Severity } from '../../engine/types';
import { BUNDLED_ADVISORIES } from './advisories';
import { advisoryData } from './data';
import { describeLiteral, judgeAll, type AdvisoryVerdict } from './judge';
import type { ProductVersions } from '../../formats/vsphere/carriers';
import type { VersionProduct } from '../../formats/vsphere/versions';

function advisoryText(v: AdvisoryVerdict): string {
  const f = v.fix;
  return `${v.id} (fixed in ${f.fixedVersion}, build ${f.fixedBuild}; ${f.cves.join(', ')}${f.exploited ? '; exploited in the wild' : ''})`;
}

/** "VMSA-2025-0004 (…)" or "VMSA-2025-0004 (…) and 5 more advisories": the most severe first (exploited, then newest). */
function shortList(verdicts: AdvisoryVerdict[]): string {
  const rest = verdicts.length - 1;
  return `${advisoryText(verdicts[0]!)}${rest > 0 ? ` and ${rest} more ${rest === 1 ? 'advisory' : 'advisories'}` : ''}`;
}

/** Findings of PATCH-ESXI-VMSA / PATCH-VCENTER-VMSA: one per version literal below a fix (or, at info, one that cannot be told). */
export function vmsaFindings(product: VersionProduct, versions: ProductVersions, ctx: RuleContext, severity: (exploited: boolean) => Severity): FindingDraft[] {
  const literals = versions.literals(ctx.text, ctx.comments ?? []).filter((l) => l.product === product);
  if (literals.length === 0) return [];
  const data = advisoryData(ctx);
  const out: FindingDraft[] = [];
  for (const lit of literals) {
    const verdicts = judgeAll(lit, data);
    const vulnerable = verdicts.filter((v) => v.verdict === 'vulnerable');
    const unknown = verdicts.filter((v) => v.verdict === 'unknown');
    const where = `${describeLiteral(lit)} (${lit.label})`;
    const dated = `advisories data of ${data.updated}`;
    const locator = `${product}-version:${lit.label}:${lit.text}`;
    if (vulnerable.length > 0) {
      const exploited = vulnerable.some((v) => v.fix.exploited);
      out.push({
        start: lit.start,
        end: lit.end,
        severity: severity(exploited),
        locator,
        message: `${where} is below the fix of ${shortList(vulnerable)}. Advisory: ${vulnerable[0]!.fix.url} (${dated})`,
        details: vulnerable.map(advisoryText),
      });
    } else if (unknown.length > 0) {
      out.push({
        start: lit.start,
        end: lit.end,
        severity: 'info',
        locator,
        message: `${where} names ${lit.build === undefined ? 'an update line, not a build' : 'a build vharden cannot place on an update line'}: cannot tell whether it has the fix of ${shortList(unknown)}. Pin the build to check (${dated}).`,
        details: unknown.map(advisoryText),
      });
    }
  }
  return out;
}

/** Docs text for a patch rule's notes: how the message shortens the list, and the advisories of the bundled data. */
export function advisoryListNote(product: VersionProduct): string {
  const ids: string[] = [];
  const exploited = new Set<string>();
  for (const a of BUNDLED_ADVISORIES.advisories) {
    if (a.product !== product) continue;
    if (!ids.includes(a.id)) ids.push(a.id);
    if (a.exploited) exploited.add(a.id);
  }
  ids.sort((a, b) => Number(exploited.has(b)) - Number(exploited.has(a)) || b.localeCompare(a));
  return ` A literal below several fixes gets one finding: its message names the most severe advisory (exploited in the wild first, then the newest) and says "and N more"; every advisory is listed in the hover, in JSON \`details\` and in SARIF result properties (\`details\`). Advisories in the bundled data (${BUNDLED_ADVISORIES.updated}): ${ids.map((id) => `${id}${exploited.has(id) ? ' (exploited)' : ''}`).join(', ')}.`;
}
