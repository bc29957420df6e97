import { guestOfDevice, roleOfDevice, type FabricFacts, type PortFact, type PortRole } from '../../engine/fabric';
import type { Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import type { ControllerFact } from '../ovs/commands';
import { diagnosticList } from '../../engine/diagnostics';

/** One record of the log: where its JSON sits in the text, and the parsed value. */
interface LogRecord {
  start: number;
  end: number;
  json: Record<string, unknown>;
}

type Row = Record<string, unknown>;

export interface OvsdbModel {
  facts: FabricFacts;
  /** OpenFlow controllers of the bridges (Controller rows) */
  controllers: ControllerFact[];
}

const HEADER = /^OVSDB JSON (\d+) ([0-9a-f]+)\r?$/;

/** Split the log into records: a header line `OVSDB JSON <length> <sha1>`, then one JSON text. */
function records(text: string, diagnostics: ToolDiagnostic[]): LogRecord[] {
  const out: LogRecord[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const headerEnd = nl < 0 ? text.length : nl;
    const header = text.slice(pos, headerEnd);
    if (!HEADER.test(header)) {
      if (header.trim() !== '') diagnostics.push(parseError(pos, headerEnd, 'Expected an `OVSDB JSON <length> <sha1>` record header; the rest of the log is not read (a torn write, or a clustered database).'));
      break;
    }
    if (nl < 0) {
      // a header is the last line: the record it announces is missing (offsets past the text otherwise)
      diagnostics.push(parseError(pos, headerEnd, 'The log ends after this record header, without its record (a torn write); ovsdb-server would stop reading here too.'));
      break;
    }
    const start = headerEnd + 1;
    let next = text.indexOf('\nOVSDB JSON ', start);
    if (next < 0) next = text.length;
    // the header's length (UTF-8 bytes, the record's newline included) ends the record, as for
    // ovsdb-server; where it does not fit (line ends converted, a hand edit) the record runs to the next header
    const declared = endOfBytes(text, start, Number(HEADER.exec(header)![1]), next);
    let end = declared;
    let json = parseObject(text.slice(start, declared));
    if ('error' in json) json = parseObject(text.slice(start, (end = next)));
    if ('error' in json) {
      diagnostics.push(parseError(start, next, `This record is not valid JSON (${json.error}); ovsdb-server would stop reading here too.`));
      break;
    }
    out.push({ start, end: start + text.slice(start, end).trimEnd().length, json: json.value });
    pos = end;
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  }
  return out;
}

function parseObject(body: string): { value: Record<string, unknown> } | { error: string } {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? { value: v as Record<string, unknown> } : { error: 'not a JSON object' };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The offset `bytes` UTF-8 bytes after `start` (at most `limit`). */
function endOfBytes(text: string, start: number, bytes: number, limit: number): number {
  let i = start;
  for (let n = 0; i < limit && n < bytes; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return i;
}

/** Column shapes from the schema record: scalar columns are replaced, sets and maps are diffed. */
function scalarColumns(schema: Record<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const tables = (schema.tables ?? {}) as Record<string, { columns?: Record<string, { type?: unknown }> }>;
  for (const [table, def] of Object.entries(tables)) {
    const set = new Set<string>();
    for (const [col, c] of Object.entries(def.columns ?? {})) {
      const t = c.type;
      if (typeof t === 'string') set.add(col);
      else if (t && typeof t === 'object') {
        const o = t as { value?: unknown; min?: unknown; max?: unknown };
        if (o.value === undefined && (o.min ?? 1) === 1 && (o.max ?? 1) === 1) set.add(col);
      }
    }
    out.set(table, set);
  }
  return out;
}

/** Atoms of an OVSDB set value: `["set",[…]]`, a single atom, or `["uuid",x]`. */
function atoms(v: unknown): unknown[] {
  if (Array.isArray(v) && v[0] === 'set' && Array.isArray(v[1])) return v[1] as unknown[];
  if (v === undefined || v === null) return [];
  return [v];
}

function mapPairs(v: unknown): [unknown, unknown][] {
  return Array.isArray(v) && v[0] === 'map' && Array.isArray(v[1]) ? (v[1] as [unknown, unknown][]) : [];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Apply a diff to a set (symmetric difference) or map (add, change, or remove equal pairs). */
function applyDiff(old: unknown, diff: unknown): unknown {
  if (Array.isArray(diff) && diff[0] === 'map') {
    const pairs = mapPairs(old).slice();
    for (const [k, v] of mapPairs(diff)) {
      const i = pairs.findIndex(([pk]) => same(pk, k));
      if (i < 0) pairs.push([k, v]);
      else if (same(pairs[i]![1], v)) pairs.splice(i, 1);
      else pairs[i] = [k, v];
    }
    return ['map', pairs];
  }
  const result = atoms(old).slice();
  for (const a of atoms(diff)) {
    const i = result.findIndex((x) => same(x, a));
    if (i < 0) result.push(a);
    else result.splice(i, 1);
  }
  return ['set', result];
}

/** Replay the transactions into tables of rows; remembers which record last wrote each row's name (else created it). */
function replay(recs: LogRecord[]): { tables: Map<string, Map<string, Row>>; lastRecord: Map<string, LogRecord> } {
  const tables = new Map<string, Map<string, Row>>();
  const lastRecord = new Map<string, LogRecord>();
  const schema = recs[0]?.json ?? {};
  const scalars = scalarColumns(schema);
  for (const rec of recs.slice(1)) {
    const isDiff = rec.json._is_diff === true;
    for (const [table, rows] of Object.entries(rec.json)) {
      if (table.startsWith('_') || !rows || typeof rows !== 'object') continue;
      let t = tables.get(table);
      if (!t) tables.set(table, (t = new Map()));
      for (const [uuid, row] of Object.entries(rows as Record<string, unknown>)) {
        if (row === null) {
          t.delete(uuid);
          continue;
        }
        const cur: Row = t.get(uuid) ?? {};
        for (const [col, value] of Object.entries(row as Row)) {
          cur[col] = isDiff && !scalars.get(table)?.has(col) ? applyDiff(cur[col], value) : value;
        }
        t.set(uuid, cur);
        if ('name' in (row as Row) || !lastRecord.has(uuid)) lastRecord.set(uuid, rec);
      }
    }
  }
  return { tables, lastRecord };
}

function uuids(v: unknown): string[] {
  return atoms(v).flatMap((a) => (Array.isArray(a) && a[0] === 'uuid' && typeof a[1] === 'string' ? [a[1]] : []));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function parseOvsdb(text: string): ParsedDocument<OvsdbModel> {
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  const recs = records(text, diagnostics);
  if (recs.length === 0 || recs[0]!.json.name !== 'Open_vSwitch') {
    if (recs.length > 0) diagnostics.push(parseError(recs[0]!.start, recs[0]!.start, `This OVSDB log holds the ${String(recs[0]!.json.name ?? 'unnamed')} database, not Open_vSwitch; it is not read.`));
    return { format: 'ovsdb', model: { facts, controllers: [] }, comments: [], diagnostics };
  }
  const { tables, lastRecord } = replay(recs);
  const rows = (table: string): Map<string, Row> => tables.get(table) ?? new Map();
  /** range of `"name":"<value>"` of a row in the record that last wrote it (else the row's uuid) */
  const rangeOf = (uuid: string, name: string | undefined): { start: number; end: number } => {
    const rec = lastRecord.get(uuid);
    if (!rec) return { start: 0, end: 0 };
    const where = placesIn(text, rec);
    const at = where.strings.get(`"${uuid}"`) ?? -1;
    const needle = name === undefined ? undefined : `"name":${JSON.stringify(name)}`;
    const n = needle ? firstFrom(where.names.get(needle), Math.max(rec.start, at)) : -1;
    if (n >= 0) return { start: n + 7, end: n + needle!.length };
    return at >= 0 ? { start: at, end: at + uuid.length + 2 } : { start: rec.start, end: rec.start };
  };
  const portName = (uuid: string): string | undefined => str(rows('Port').get(uuid)?.name);
  const controllers: ControllerFact[] = [];
  /** range of `"target":"<value>"`'s value in the record that created the row */
  const targetRange = (uuid: string, target: string): { start: number; end: number } => {
    const rec = lastRecord.get(uuid);
    if (!rec) return { start: 0, end: 0 };
    const body = text.slice(rec.start, rec.end);
    const needle = `"target":${JSON.stringify(target)}`;
    const n = body.indexOf(needle, Math.max(0, body.indexOf(`"${uuid}"`)));
    return n >= 0 ? { start: rec.start + n + 9, end: rec.start + n + needle.length } : rangeOf(uuid, undefined);
  };
  for (const [bUuid, bridge] of rows('Bridge')) {
    const name = str(bridge.name);
    if (!name) continue;
    facts.switches.push({ kind: 'ovs-bridge', namespace: 'netdev', name, ...rangeOf(bUuid, name), locator: `ovs-bridge:${name}` });
    for (const pUuid of uuids(bridge.ports)) {
      const port = rows('Port').get(pUuid);
      const pName = str(port?.name);
      if (!port || !pName || pName === name) continue;
      let role: PortRole = roleOfDevice(pName);
      let guest = guestOfDevice(pName);
      for (const iUuid of uuids(port.interfaces)) {
        const iface = rows('Interface').get(iUuid);
        const type = str(iface?.type) ?? '';
        const ids = new Map(mapPairs(iface?.external_ids).map(([k, v]) => [String(k), String(v)]));
        if (type === 'internal') role = 'internal';
        else if (type.startsWith('dpdkvhostuser') || ids.has('iface-id') || ids.has('vm-uuid') || ids.has('attached-mac') || ids.has('vm-id')) {
          role = 'guest';
          guest ??= ids.get('vm-id') ?? ids.get('vm-uuid') ?? pName;
        } else if (type === 'dpdk' || type === 'afxdp') role = 'uplink';
        else if (type && type !== 'system' && type !== 'tap') role = 'other';
      }
      const bond = uuids(port.interfaces).length > 1;
      if (bond) role = 'uplink';
      const tag = atoms(port.tag)[0];
      const fact: PortFact = {
        switch: name,
        namespace: 'netdev',
        name: pName,
        role,
        guest: role === 'guest' ? guest ?? pName : undefined,
        tag: typeof tag === 'number' ? tag : undefined,
        trunks: atoms(port.trunks).filter((x): x is number => typeof x === 'number'),
        bond: bond || undefined,
        ...rangeOf(pUuid, pName),
        locator: `port:${name}/${pName}`,
      };
      facts.ports.push(fact);
    }
    for (const cUuid of uuids(bridge.controller)) {
      const target = str(rows('Controller').get(cUuid)?.target);
      if (target) controllers.push({ bridge: name, target, ...targetRange(cUuid, target), editable: false, locator: `controller:${name}/${target}` });
    }
    for (const mUuid of uuids(bridge.mirrors)) {
      const m = rows('Mirror').get(mUuid);
      if (!m) continue;
      const mName = str(m.name);
      const out = uuids(m.output_port)[0];
      const outVlan = atoms(m.output_vlan)[0];
      const outputPort = out ? portName(out) : undefined;
      facts.mirrors.push({
        switch: name,
        namespace: 'netdev',
        name: mName,
        via: 'ovs',
        selectAll: m.select_all === true,
        selectPorts: [...uuids(m.select_src_port), ...uuids(m.select_dst_port)].map((u) => portName(u) ?? u),
        selectVlans: atoms(m.select_vlan).filter((x): x is number => typeof x === 'number'),
        outputPort,
        outputVlan: typeof outVlan === 'number' ? outVlan : undefined,
        destination: outputPort ?? (typeof outVlan === 'number' ? `VLAN ${outVlan}` : undefined),
        ...rangeOf(mUuid, mName),
        locator: `mirror:${name}/${mName ?? mUuid}`,
      });
    }
  }
  return { format: 'ovsdb', model: { facts, controllers }, comments: [], diagnostics };
}

/**
 * Offsets in one record, found in one pass and kept: the first of each JSON string (a row's uuid)
 * and every `"name":"…"` (searching the record once per row was quadratic in a large transaction).
 */
const places = new WeakMap<LogRecord, { strings: Map<string, number>; names: Map<string, number[]> }>();

function placesIn(text: string, rec: LogRecord): { strings: Map<string, number>; names: Map<string, number[]> } {
  let p = places.get(rec);
  if (p) return p;
  p = { strings: new Map(), names: new Map() };
  const token = /"(?:[^"\\]|\\.)*"/g;
  token.lastIndex = rec.start;
  for (let m = token.exec(text); m && m.index < rec.end; m = token.exec(text)) {
    if (!p.strings.has(m[0])) p.strings.set(m[0], m.index);
    if (m[0] !== '"name"' || text[token.lastIndex] !== ':' || text[token.lastIndex + 1] !== '"') continue;
    token.lastIndex++;
    const value = token.exec(text);
    if (!value || value.index >= rec.end) break;
    const needle = `"name":${value[0]}`;
    const list = p.names.get(needle);
    if (list) list.push(m.index);
    else p.names.set(needle, [m.index]);
    if (!p.strings.has(value[0])) p.strings.set(value[0], value.index);
  }
  places.set(rec, p);
  return p;
}

/** The first offset in an ascending list at or after `from`, or -1. */
function firstFrom(list: number[] | undefined, from: number): number {
  if (!list) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : -1;
}

function parseError(start: number, end: number, message: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start, end, severity: 'low', message, locator: `ovsdb:${start}` };
}

export const ovsdbFormat: Format<OvsdbModel> = {
  id: 'ovsdb',
  name: 'Open vSwitch database (conf.db)',
  languageId: 'ovsdb',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)(etc|var\/lib)\/openvswitch\/conf\.db$/.test(path),
  matchesContent: (text) => text.startsWith('OVSDB JSON ') && text.slice(0, 300).includes('"name":"Open_vSwitch"'),
  confirms: (text) => text.trim() === '' || text.startsWith('OVSDB '),
  parse: (text) => parseOvsdb(text),
  fabric: (model) => model.facts,
};
