import bundled from '../../../data/hypervisors.json';
import schema from '../../../../schemas/data/hypervisors.schema.json';
import { registerDataFile } from '../../engine/data-files';
import { validateSchema, type Schema } from '../../engine/json-schema';
import { parseDebianVersion } from '../../formats/dpkg-status/version';

export interface ProxmoxRelease {
  major: number;
  /** the Debian release it is based on */
  debian: number;
  /** YYYY-MM-DD; absent while none is announced */
  end?: string;
  source: string;
}

/** Debian's fixed version of one CVE in one source package on one Debian release. */
export interface DebianFix {
  cve: string;
  package: 'qemu' | 'libvirt';
  release: number;
  fixed: string;
  /** the DSA or DLA that shipped it */
  origin: string;
  impact: 'guest escape' | 'denial of service';
  summary: string;
  url: string;
}

export interface HypervisorData {
  updated: string;
  source: string;
  proxmox: ProxmoxRelease[];
  debianFixes: DebianFix[];
}

/** Name of the hypervisor data in reports and in VH-DATA-STALE. */
export const HYPERVISOR_DATA_NAME = 'Proxmox VE end of life and Debian QEMU/libvirt fixes';
export const HYPERVISOR_DATA_FILE = 'hypervisors.json';
export const HYPERVISOR_SCHEMA = schema as Schema;

/** Check a hypervisor data file against its schema, then that each fixed version is a Debian version. */
export function validateHypervisorData(json: unknown): { data: HypervisorData } | { error: string } {
  const problem = validateSchema(json, HYPERVISOR_SCHEMA);
  if (problem) return { error: problem };
  const data = json as HypervisorData;
  for (const [i, f] of data.debianFixes.entries()) if (!parseDebianVersion(f.fixed)) return { error: `debianFixes[${i}].fixed "${f.fixed}" is not a Debian version` };
  const majors = new Set<number>();
  for (const [i, p] of data.proxmox.entries()) {
    if (majors.has(p.major)) return { error: `proxmox[${i}]: Proxmox VE ${p.major} is given twice` };
    majors.add(p.major);
  }
  return { data };
}

const checked = validateHypervisorData(bundled);
if ('error' in checked) throw new Error(`bundled hypervisors.json is invalid: ${checked.error}`);

/** The hypervisor data shipped with vharden. */
export const BUNDLED_HYPERVISORS: HypervisorData = checked.data;

registerDataFile({ name: HYPERVISOR_DATA_NAME, date: BUNDLED_HYPERVISORS.updated, source: 'bundled server/data/hypervisors.json' });
