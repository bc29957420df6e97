import type { Reference } from '../engine/types';

/** DISA STIG control (rule id and, when known, its V-id). */
export function stig(id: string, vid?: string, benchmark = 'VMware vSphere 8.0'): Reference {
  return { source: `DISA STIG (${benchmark})`, id: vid ? `${id} (${vid})` : id };
}

/** Broadcom/VMware Security Configuration Guide control id. */
export function scg(id: string): Reference {
  return { source: 'VMware Security Configuration Guide (VCF 9.1)', id, url: 'https://github.com/vmware/vcf-security-and-compliance-guidelines' };
}

export function doc(source: string, id: string, url?: string): Reference {
  return { source, id, url };
}
