import bundled from '../../../data/advisories.json';
import schema from '../../../../schemas/data/advisories.schema.json';
import { validateSchema, type Schema } from '../../engine/json-schema';
import { registerDataFile } from '../../engine/data-files';

export type Product = 'esxi' | 'vcenter';

/** One fixed build of one advisory on one release line (an advisory has one entry per line it fixes). */
export interface Advisory {
  id: string;
  product: Product;
  /** major.minor, e.g. "8.0" */
  branch: string;
  /** e.g. "8.0 U3d" */
  fixedVersion: string;
  fixedBuild: number;
  cves: string[];
  exploited: boolean;
  url: string;
  /** where the fixed build and the exploitation status come from */
  source: string;
}

export interface EolEntry {
  product: Product;
  branch: string;
  /** YYYY-MM-DD */
  endOfGeneralSupport: string;
  source: string;
}

export interface AdvisoryData {
  /** YYYY-MM-DD: when the data was last checked */
  updated: string;
  source: string;
  advisories: Advisory[];
  eol: EolEntry[];
}

export const ADVISORIES_SCHEMA = schema as Schema;
export const ADVISORIES_DATA_FILE = 'advisories.json';

/** Check the shape of an advisories file against its schema (schemas/data/advisories.schema.json), then that each fixed version is on its branch; returns the data or the first problem found, naming where it is. */
export function validateAdvisoryData(json: unknown): { data: AdvisoryData } | { error: string } {
  const problem = validateSchema(json, ADVISORIES_SCHEMA);
  if (problem) return { error: problem };
  const data = json as AdvisoryData;
  for (const [i, a] of data.advisories.entries()) {
    if (!a.fixedVersion.startsWith(a.branch + ' ')) return { error: `advisories[${i}].fixedVersion must look like "${a.branch} U3d" (branch, space, update)` };
  }
  return { data: { updated: data.updated, source: data.source, advisories: data.advisories, eol: data.eol ?? [] } };
}

const checked = validateAdvisoryData(bundled);
if ('error' in checked) throw new Error(`bundled advisories.json is invalid: ${checked.error}`);

/** The advisories data shipped with vharden. */
export const BUNDLED_ADVISORIES: AdvisoryData = checked.data;

/** Name of the advisories data in reports' list of data files. */
export const ADVISORIES_DATA_NAME = 'VMware advisories and end-of-support dates';

registerDataFile({ name: ADVISORIES_DATA_NAME, date: BUNDLED_ADVISORIES.updated, source: 'bundled server/data/advisories.json' });

export interface AdvisoriesInfo {
  updated: string;
  source: string;
  /** false when the data comes from a user's file */
  bundled: boolean;
}

/** Date and source of the advisories data in use (the bundled file unless the user pointed at another). */
export function advisoriesInfo(data: AdvisoryData = BUNDLED_ADVISORIES): AdvisoriesInfo {
  return { updated: data.updated, source: data.source, bundled: data === BUNDLED_ADVISORIES };
}
