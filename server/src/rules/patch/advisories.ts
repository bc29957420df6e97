import bundled from '../../../data/advisories.json';
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BRANCH = /^\d+\.\d+$/;
const VERSION = /^\d+\.\d+( U\d+[a-z]{0,2})?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isProduct(v: unknown): v is Product {
  return v === 'esxi' || v === 'vcenter';
}

/** Check the shape of an advisories file; returns the data or the first problem found, naming where it is. */
export function validateAdvisoryData(json: unknown): { data: AdvisoryData } | { error: string } {
  if (!isObject(json)) return { error: 'the file is not a JSON object' };
  if (typeof json.updated !== 'string' || !DATE.test(json.updated)) return { error: '"updated" must be a date written YYYY-MM-DD' };
  if (typeof json.source !== 'string' || !json.source.trim()) return { error: '"source" must be a non-empty string' };
  if (!Array.isArray(json.advisories)) return { error: '"advisories" must be an array' };
  const advisories: Advisory[] = [];
  for (const [i, a] of json.advisories.entries()) {
    const at = `advisories[${i}]`;
    if (!isObject(a)) return { error: `${at} is not an object` };
    if (typeof a.id !== 'string' || !/^VMSA-\d{4}-\d{4}(\.\d+)?$/.test(a.id)) return { error: `${at}.id must look like VMSA-2025-0004` };
    if (!isProduct(a.product)) return { error: `${at}.product must be "esxi" or "vcenter"` };
    if (typeof a.branch !== 'string' || !BRANCH.test(a.branch)) return { error: `${at}.branch must look like "8.0"` };
    if (typeof a.fixedVersion !== 'string' || !VERSION.test(a.fixedVersion) || !a.fixedVersion.startsWith(a.branch + ' ')) {
      return { error: `${at}.fixedVersion must look like "${a.branch} U3d" (branch, space, update)` };
    }
    if (typeof a.fixedBuild !== 'number' || !Number.isInteger(a.fixedBuild) || a.fixedBuild <= 0) return { error: `${at}.fixedBuild must be a positive whole number` };
    if (!Array.isArray(a.cves) || a.cves.length === 0 || !a.cves.every((c) => typeof c === 'string' && /^CVE-\d{4}-\d{4,}$/.test(c))) {
      return { error: `${at}.cves must be a non-empty list of CVE ids` };
    }
    if (typeof a.exploited !== 'boolean') return { error: `${at}.exploited must be true or false` };
    if (typeof a.url !== 'string' || !/^https:\/\//.test(a.url)) return { error: `${at}.url must be an https URL` };
    if (typeof a.source !== 'string' || !a.source.trim()) return { error: `${at}.source must say where the fixed build comes from` };
    advisories.push({ id: a.id, product: a.product, branch: a.branch, fixedVersion: a.fixedVersion, fixedBuild: a.fixedBuild, cves: [...a.cves], exploited: a.exploited, url: a.url, source: a.source });
  }
  const eol: EolEntry[] = [];
  const eolIn = json.eol ?? [];
  if (!Array.isArray(eolIn)) return { error: '"eol" must be an array when present' };
  for (const [i, e] of eolIn.entries()) {
    const at = `eol[${i}]`;
    if (!isObject(e)) return { error: `${at} is not an object` };
    if (!isProduct(e.product)) return { error: `${at}.product must be "esxi" or "vcenter"` };
    if (typeof e.branch !== 'string' || !BRANCH.test(e.branch)) return { error: `${at}.branch must look like "7.0"` };
    if (typeof e.endOfGeneralSupport !== 'string' || !DATE.test(e.endOfGeneralSupport)) return { error: `${at}.endOfGeneralSupport must be a date written YYYY-MM-DD` };
    if (typeof e.source !== 'string' || !e.source.trim()) return { error: `${at}.source must say where the date comes from` };
    eol.push({ product: e.product, branch: e.branch, endOfGeneralSupport: e.endOfGeneralSupport, source: e.source });
  }
  return { data: { updated: json.updated, source: json.source, advisories, eol } };
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
