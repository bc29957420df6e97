import type { FindingDraft, Rule } from '../../engine/types';
import { doc } from '../refs';
import { advisoryData, todayOf } from './data';
import { describeLiteral, pastEol } from './judge';
import { PRODUCT_VERSIONS, type ProductVersions } from '../../formats/vsphere/carriers';

export const patchEol: Rule<ProductVersions> = {
  input: PRODUCT_VERSIONS,
  meta: {
    id: 'PATCH-EOL',
    title: 'ESXi or vCenter past end of general support',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['esxconf', 'ansible', 'vmx', 'ansible-vars', 'vsphere-snapshot'],
    risk: 'Releases past the end of general support get no security fixes; Broadcom does not even evaluate them in its advisories and says to treat them as vulnerable. ESXi and vCenter 6.x and 7.0 are past that date, and the hypervisor flaws of recent advisories (VM escapes, OpenSLP remote code execution) stay open on them.',
    remedy: 'Plan the upgrade to a supported release (8.0 U3 or 9.x) and replace the installer images and versions pinned in code. Until then, isolate management networks and remove unused virtual devices.',
    notes: 'Reads the same ESXi and vCenter version literals as PATCH-ESXI-VMSA and PATCH-VCENTER-VMSA (outside comments; also in Ansible variables files and the builds a live vCenter or host reports). End-of-general-support dates come from the advisories data file (6.0, 6.5, 6.7, 7.0 and 8.0 for both products); a branch older than the oldest listed one counts as past its end. Compared with today\'s date.',
    references: [doc('Broadcom', 'VMSA-2024-0006 Questions & Answers (products past general support are to be treated as vulnerable)', 'https://github.com/vmware/vcf-security-and-compliance-guidelines')],
  },
  check(versions, ctx) {
    const literals = versions.literals(ctx.text, ctx.comments ?? []);
    if (literals.length === 0) return [];
    const data = advisoryData(ctx);
    const today = todayOf(ctx);
    const out: FindingDraft[] = [];
    for (const lit of literals) {
      const eol = pastEol(lit, data, today);
      if (!eol) continue;
      const name = lit.product === 'esxi' ? 'ESXi' : 'vCenter';
      out.push({
        start: lit.start,
        end: lit.end,
        locator: `${lit.product}-eol:${lit.label}:${lit.text}`,
        message: `${describeLiteral(lit)} (${lit.label}) is past end of general support: ${eol.older ? `older than ${name} ${eol.entry.branch}, whose support ended` : 'support ended'} ${eol.entry.endOfGeneralSupport}. It gets no security fixes; treat it as vulnerable. Advisories data of ${data.updated}.`,
      });
    }
    return out;
  },
};
