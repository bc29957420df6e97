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
  /** YYYY-MM-DD: when that DSA or DLA was published */
  date: string;
  impact: 'guest escape' | 'denial of service';
  summary: string;
  url: string;
}

/** A Windows Server release (the Hyper-V host's), told by its build number (10.0.17763 is Windows Server 2019). */
export interface WindowsServerRelease {
  build: number;
  product: string;
  /** YYYY-MM-DD: end of mainstream support (security updates go on) */
  mainstreamEnd?: string;
  /** YYYY-MM-DD: end of extended support */
  end: string;
  /** YYYY-MM-DD: end of the paid extension named by `extended` */
  extendedEnd?: string;
  extended?: string;
  source: string;
  url: string;
}

export interface HypervisorData {
  updated: string;
  source: string;
  proxmox: ProxmoxRelease[];
  windowsServer: WindowsServerRelease[];
  debianFixes: DebianFix[];
}

/** Name of the hypervisor data in reports and in VH-DATA-STALE. */
export const HYPERVISOR_DATA_NAME = 'Proxmox VE and Windows Server end of life, Debian QEMU/libvirt fixes';
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
  const builds = new Set<number>();
  for (const [i, w] of data.windowsServer.entries()) {
    if (builds.has(w.build)) return { error: `windowsServer[${i}]: build ${w.build} is given twice` };
    builds.add(w.build);
    if ((w.extendedEnd === undefined) !== (w.extended === undefined)) return { error: `windowsServer[${i}] (${w.product}) must give both extended and extendedEnd, or neither` };
    if (w.extendedEnd && w.extendedEnd < w.end) return { error: `windowsServer[${i}] (${w.product}): extendedEnd must come after end` };
  }
  return { data };
}

const checked = validateHypervisorData(bundled);
if ('error' in checked) throw new Error(`bundled hypervisors.json is invalid: ${checked.error}`);

/** The hypervisor data shipped with vharden. */
export const BUNDLED_HYPERVISORS: HypervisorData = checked.data;

registerDataFile({ name: HYPERVISOR_DATA_NAME, date: BUNDLED_HYPERVISORS.updated, source: 'bundled server/data/hypervisors.json' });
