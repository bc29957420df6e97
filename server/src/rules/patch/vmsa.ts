import type { FindingDraft, RuleContext, Severity } from '../../engine/types';
import { advisoryData } from './data';
import { describeLiteral, judgeAll, type AdvisoryVerdict } from './judge';
import { deployedVersions, type VersionProduct } from './versions';

function advisoryText(v: AdvisoryVerdict): string {
  const f = v.fix;
  return `${v.id} (fixed in ${f.fixedVersion}, build ${f.fixedBuild}; ${f.cves.join(', ')}${f.exploited ? '; exploited in the wild' : ''})`;
}

/** Findings of PATCH-ESXI-VMSA / PATCH-VCENTER-VMSA: one per version literal below a fix (or, at info, one that cannot be told). */
export function vmsaFindings(product: VersionProduct, ctx: RuleContext, severity: (exploited: boolean) => Severity): FindingDraft[] {
  const data = advisoryData(ctx);
  const out: FindingDraft[] = [];
  for (const lit of deployedVersions(ctx.text, ctx.comments)) {
    if (lit.product !== product) continue;
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
        message: `${where} is below the fix of ${vulnerable.map(advisoryText).join('; ')}. Advisory: ${vulnerable[0]!.fix.url} (${dated})`,
      });
    } else if (unknown.length > 0) {
      out.push({
        start: lit.start,
        end: lit.end,
        severity: 'info',
        locator,
        message: `${where} names ${lit.build === undefined ? 'an update line, not a build' : 'a build vharden cannot place on an update line'}: cannot tell whether it has the fix of ${unknown.map(advisoryText).join('; ')}. Pin the build to check (${dated}).`,
      });
    }
  }
  return out;
}
