import bundled from '../../../data/guest-os.json';
import schema from '../../../../schemas/data/guest-os.schema.json';
import { registerDataFile } from '../../engine/data-files';
import { validateSchema, type Schema } from '../../engine/json-schema';
import type { GuestIdScheme } from '../../formats/common/guest-os';

export interface GuestFamily {
  id: string;
  name: string;
  /** server: a server OS; client: a desktop OS; general: both (most Linux distributions) */
  role: 'server' | 'client' | 'general';
  /** YYYY-MM-DD: end of support without paid extensions; absent while none is announced */
  end?: string;
  /** YYYY-MM-DD: end of the paid extension named by `extended` */
  extendedEnd?: string;
  extended?: string;
  source: string;
  url: string;
}

export interface GuestData {
  updated: string;
  source: string;
  families: GuestFamily[];
  /** per scheme: identifier → the family it names, or the families it may name */
  ids: Record<GuestIdScheme, Record<string, string | string[]>>;
  /** libosinfo ids with a version after a prefix (`http://redhat.com/rhel/7.9`) → a family template (`rhel-{major}`) */
  libosinfoVersions: { prefix: string; family: string }[];
}

/** Name of the guest OS data in reports and in VH-DATA-STALE. */
export const GUEST_DATA_NAME = 'Guest OS end-of-support dates';
export const GUEST_DATA_FILE = 'guest-os.json';
export const GUEST_SCHEMA = schema as Schema;

/** Check a guest OS data file against its schema, then that every id names a known family. */
export function validateGuestData(json: unknown): { data: GuestData } | { error: string } {
  const problem = validateSchema(json, GUEST_SCHEMA);
  if (problem) return { error: problem };
  const data = json as GuestData;
  const families = new Set<string>();
  for (const [i, f] of data.families.entries()) {
    if (families.has(f.id)) return { error: `families[${i}].id "${f.id}" is given twice` };
    families.add(f.id);
    if ((f.extendedEnd === undefined) !== (f.extended === undefined)) return { error: `families[${i}] (${f.id}) must give both extended and extendedEnd, or neither` };
    if (f.extendedEnd && (!f.end || f.extendedEnd < f.end)) return { error: `families[${i}] (${f.id}): extendedEnd must come after end` };
  }
  for (const [scheme, map] of Object.entries(data.ids)) {
    for (const [id, v] of Object.entries(map)) {
      for (const f of typeof v === 'string' ? [v] : v) if (!families.has(f)) return { error: `ids.${scheme}["${id}"] names the unknown family "${f}"` };
    }
  }
  return { data: { ...data, libosinfoVersions: data.libosinfoVersions ?? [] } };
}

const checked = validateGuestData(bundled);
if ('error' in checked) throw new Error(`bundled guest-os.json is invalid: ${checked.error}`);

/** The guest OS data shipped with vharden. */
export const BUNDLED_GUESTS: GuestData = checked.data;

registerDataFile({ name: GUEST_DATA_NAME, date: BUNDLED_GUESTS.updated, source: 'bundled server/data/guest-os.json' });

interface Index {
  families: Map<string, GuestFamily>;
  /** lower-cased ids per scheme (.vmx keys and guest ids are matched case-insensitively) */
  ids: Map<GuestIdScheme, Map<string, string[]>>;
}

const indexes = new WeakMap<GuestData, Index>();

function indexOf(data: GuestData): Index {
  let ix = indexes.get(data);
  if (!ix) {
    ix = { families: new Map(data.families.map((f) => [f.id, f])), ids: new Map() };
    for (const [scheme, map] of Object.entries(data.ids) as [GuestIdScheme, Record<string, string | string[]>][]) {
      ix.ids.set(scheme, new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : v])));
    }
    indexes.set(data, ix);
  }
  return ix;
}

/** A family by its id (`debian-12`). */
export function familyById(data: GuestData, id: string): GuestFamily | undefined {
  return indexOf(data).families.get(id);
}

const VERSION = /^(\d{1,3})(?:\.(\d{1,3}))?(?:\.\d{1,4})*(?:-unknown)?$/;

/** The families an identifier may name, or undefined when the data cannot tell (`ubuntu-64`, `l26`, an unknown id). */
export function familiesOf(data: GuestData, scheme: GuestIdScheme, id: string): GuestFamily[] | undefined {
  const ix = indexOf(data);
  let names = ix.ids.get(scheme)?.get(id.toLowerCase());
  if (!names && scheme === 'libosinfo') {
    for (const v of data.libosinfoVersions) {
      if (!id.startsWith(v.prefix)) continue;
      const m = VERSION.exec(id.slice(v.prefix.length));
      if (!m || (v.family.includes('{minor}') && m[2] === undefined)) continue;
      names = [v.family.replace('{major}', m[1]!).replace('{minor}', m[2] ?? '')];
      break;
    }
  }
  const families = names?.map((n) => ix.families.get(n));
  return families?.length && families.every((f) => f !== undefined) ? (families as GuestFamily[]) : undefined;
}

export interface GuestVerdict {
  families: GuestFamily[];
  /** the family supported longest (an id several families share is judged by it) */
  latest: GuestFamily & { end: string };
  /** the paid extension of the latest family, when it still runs on `today` */
  extension?: { name: string; until: string };
}

/** Past end of support on `today` (every family the id may name), or undefined. */
export function judgeGuest(families: GuestFamily[], today: string): GuestVerdict | undefined {
  if (!families.every((f) => f.end !== undefined && f.end < today)) return undefined;
  const by = (f: GuestFamily) => f.extendedEnd ?? f.end!;
  const latest = [...families].sort((a, b) => by(b).localeCompare(by(a)) || b.end!.localeCompare(a.end!))[0] as GuestFamily & { end: string };
  const extension = latest.extendedEnd && latest.extendedEnd >= today ? { name: latest.extended!, until: latest.extendedEnd } : undefined;
  return { families, latest, ...(extension ? { extension } : {}) };
}
