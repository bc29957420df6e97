import { decodeArchive, readHostOutput } from './decode';
import { OvsdbClient, parseEndpoint } from './ovsdb-rpc';
import { ovsdbRecord, redactOvsdbValue } from './redact';
import { checkFlags, CollectError, CollectUsageError, SnapshotWriter, stringFlag } from './snapshot';
import { shellQuote } from './ssh';
import type { CollectOptions, CollectResult, Collector } from './types';

/**
 * `vharden collect ovs [--db unix:PATH|tcp:HOST:PORT]`: the switch configuration of a running
 * ovsdb-server, read with one transaction of `select`s, written as a standalone OVSDB log
 * (etc/openvswitch/conf.db) that the conf.db format and `ovsdb-tool` read.
 */
export const OVS_TABLES = ['Open_vSwitch', 'Bridge', 'Port', 'Interface', 'Mirror', 'Controller', 'Manager', 'SSL'];
export const SNAPSHOT_PATH = 'etc/openvswitch/conf.db';

type Schema = { name?: unknown; tables?: Record<string, { columns?: Record<string, { type?: unknown }> }> };
type Row = Record<string, unknown>;

function defaultDb(env: Record<string, string | undefined>): string {
  return `unix:${env.OVS_RUNDIR || '/var/run/openvswitch'}/db.sock`;
}

/** The table a column's type refers to (`{"key":{"type":"uuid","refTable":"Port"}}`), if any. */
function refTables(type: unknown): string[] {
  if (!type || typeof type !== 'object') return [];
  const t = type as { key?: unknown; value?: unknown };
  return [t.key, t.value].flatMap((b) => (b && typeof b === 'object' && typeof (b as { refTable?: unknown }).refTable === 'string' ? [(b as { refTable: string }).refTable] : []));
}

function isEmpty(v: unknown): boolean {
  return Array.isArray(v) && (v[0] === 'set' || v[0] === 'map') && Array.isArray(v[1]) && v[1].length === 0;
}

function connectionHint(err: NodeJS.ErrnoException): string {
  if (err.code === 'EACCES') return ' (the socket is usually writable by root only; run as root or as a member of the group that owns it)';
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return ' (is ovsdb-server running? give its socket with --db unix:PATH)';
  return '';
}

/**
 * The collected tables of a database as the snapshot's conf.db: only OVS_TABLES, only the schema's
 * columns, no reference to a table that is not collected, secret values replaced.
 */
function writeSnapshot(writer: SnapshotWriter, schema: Schema, rowsOf: (table: string) => Record<string, Row>, notes: string[], comment: string): Record<string, number> {
  const tables = OVS_TABLES.filter((t) => schema.tables?.[t]);
  const data: Record<string, unknown> = {};
  const dropped = new Set<string>();
  let redacted = 0;
  for (const table of tables) {
    const columns = schema.tables![table]!.columns ?? {};
    const rows: Record<string, Row> = {};
    for (const [uuid, row] of Object.entries(rowsOf(table))) {
      const out: Row = {};
      for (const [col, value] of Object.entries(row)) {
        if (col === '_uuid' || col === '_version' || !(col in columns)) continue;
        // a reference to a table that is not collected would make the snapshot an invalid database
        if (refTables(columns[col]!.type).some((t) => !tables.includes(t))) {
          if (!isEmpty(value)) dropped.add(`${table}.${col}`);
          continue;
        }
        out[col] = value;
      }
      redacted += redactOvsdbValue(out);
      rows[uuid] = out;
    }
    data[table] = rows;
  }
  data._date = Date.now();
  data._comment = comment;
  writer.file(SNAPSHOT_PATH, ovsdbRecord(schema) + ovsdbRecord(data));
  if (dropped.size) notes.push(`columns that refer to tables not collected (NetFlow, sFlow, IPFIX, QoS, …) were left out: ${[...dropped].sort().join(', ')}`);
  if (redacted) notes.push(`${redacted} secret value${redacted === 1 ? '' : 's'} (such as IPsec pre-shared keys) replaced by vharden:redacted`);
  return Object.fromEntries(tables.map((t) => [t, Object.keys(data[t] as object).length]));
}

/**
 * A standalone OVSDB log (conf.db, or what `ovsdb-client backup` prints) as its schema and the rows
 * of each table after all its records (a later record adds, changes or, with null, deletes rows).
 */
export function readOvsdbLog(text: string): { schema: Schema; rows: Record<string, Record<string, Row>> } | { error: string } {
  const bytes = Buffer.from(text, 'utf8');
  const records: Record<string, unknown>[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const nl = bytes.indexOf(0x0a, pos);
    const header = /^OVSDB JSON (\d+) [0-9a-f]{40}$/.exec(bytes.subarray(pos, nl < 0 ? bytes.length : nl).toString('latin1'));
    if (!header) return { error: 'it is not a standalone OVSDB log (a clustered database, or a damaged record)' };
    const body = bytes.subarray(nl + 1, nl + 1 + Number(header[1]));
    if (body.length !== Number(header[1])) return { error: 'its last record is cut short' };
    try {
      const json: unknown = JSON.parse(body.toString('utf8'));
      if (!json || typeof json !== 'object' || Array.isArray(json)) return { error: 'a record is not a JSON object' };
      records.push(json as Record<string, unknown>);
    } catch {
      return { error: 'a record is not valid JSON' };
    }
    pos = nl + 1 + body.length;
    while (pos < bytes.length && (bytes[pos] === 0x0a || bytes[pos] === 0x0d)) pos++;
  }
  const schema = records.shift() as Schema | undefined;
  if (!schema || schema.name !== 'Open_vSwitch' || typeof schema.tables !== 'object') return { error: 'it holds no Open_vSwitch database' };
  const rows: Record<string, Record<string, Row>> = {};
  for (const rec of records) {
    for (const [table, changes] of Object.entries(rec)) {
      if (table.startsWith('_') || !changes || typeof changes !== 'object') continue;
      const t = (rows[table] ??= {});
      for (const [uuid, row] of Object.entries(changes as Record<string, unknown>)) {
        if (row === null) delete t[uuid];
        else if (typeof row === 'object') t[uuid] = { ...(t[uuid] ?? {}), ...(row as Row) };
      }
    }
  }
  return { schema, rows };
}

/** The read-only script a host runs (`sh -s`): `ovsdb-client backup` of the database; exits 98 when there is no client or socket. */
export function ovsScript(db: string): string {
  const sock = db.startsWith('unix:') ? db.slice(5) : undefined;
  return [
    'command -v ovsdb-client >/dev/null 2>&1 || exit 98',
    ...(sock ? [`[ -S ${shellQuote(sock)} ] || exit 98`] : []),
    `exec ovsdb-client --timeout=60 backup ${shellQuote(db)} Open_vSwitch`,
    '',
  ].join('\n');
}

/** What `ovsdb-client backup` printed on a host (plain, or gzip/base64 as the archive), written as the snapshot's conf.db. */
export function writeBackup(writer: SnapshotWriter, text: string, notes: string[]): Record<string, number> | { error: string } {
  const log = readOvsdbLog(text);
  if ('error' in log) return log;
  return writeSnapshot(writer, log.schema, (t) => log.rows[t] ?? {}, notes, 'vharden collect ovs (ovsdb-client backup)');
}

export const ovsCollector: Collector = {
  id: 'ovs',
  usage: 'ovs [--db unix:PATH|tcp:HOST:PORT] [--backup FILE|-] [--print-script]',
  script(flags) {
    checkFlags('ovs', flags, { 'print-script': 'boolean', db: 'string' });
    const db = stringFlag(flags, 'db') ?? 'unix:/var/run/openvswitch/db.sock';
    if (typeof parseEndpoint(db) === 'string' || /[\0\n]/.test(db)) throw new CollectUsageError(`collect ovs: ${db}: not unix:PATH or tcp:HOST:PORT`);
    return ovsScript(db);
  },
  async collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult> {
    checkFlags('ovs', opts.flags, { db: 'string', backup: 'string' });
    const dbFlag = stringFlag(opts.flags, 'db');
    if (dbFlag && target) throw new CollectUsageError('collect ovs: give the database once (as an argument or with --db)');
    const backup = stringFlag(opts.flags, 'backup');
    if (backup !== undefined && (dbFlag || target)) throw new CollectUsageError('collect ovs: --backup reads what the host printed; the database goes to --print-script');
    const progress = opts.progress ?? (() => undefined);
    const notes: string[] = [];
    const counted = (n: Record<string, number>) => progress(`ovs: ${n.Bridge ?? 0} bridges, ${n.Port ?? 0} ports, ${n.Mirror ?? 0} mirrors, ${n.Controller ?? 0} controllers`);
    if (backup !== undefined) {
      const text = decodeArchive(readHostOutput(backup)).toString('utf8');
      const writer = new SnapshotWriter(opts.out);
      const r = writeBackup(writer, text, notes);
      if ('error' in r) throw new CollectError(`${backup}: ${r.error}`);
      counted(r);
      return { files: writer.files(), notes };
    }
    const db = dbFlag ?? target ?? defaultDb(opts.env);
    const endpoint = parseEndpoint(db);
    if (typeof endpoint === 'string') throw new CollectUsageError(`collect ovs: ${db}: ${endpoint}`);
    const writer = new SnapshotWriter(opts.out);

    progress(`ovs: connecting to ${db}`);
    let client: OvsdbClient;
    try {
      client = await OvsdbClient.open(endpoint, opts.signal);
    } catch (err) {
      throw new CollectError(`ovs: cannot connect to ${db}: ${(err as Error).message}${connectionHint(err as NodeJS.ErrnoException)}`);
    }
    try {
      const dbs = (await client.request('list_dbs', [])) as unknown;
      if (!Array.isArray(dbs) || !dbs.includes('Open_vSwitch')) throw new CollectError(`ovs: ${db} serves no Open_vSwitch database (it has ${JSON.stringify(dbs)})`);
      const schema = (await client.request('get_schema', ['Open_vSwitch'])) as Schema;
      const tables = OVS_TABLES.filter((t) => schema.tables?.[t]);
      const results = (await client.request('transact', ['Open_vSwitch', ...tables.map((table) => ({ op: 'select', table, where: [] }))])) as { rows?: Row[]; error?: unknown }[];
      const byTable: Record<string, Record<string, Row>> = {};
      tables.forEach((table, i) => {
        const r = results[i];
        if (!r || !Array.isArray(r.rows)) throw new CollectError(`ovs: the select of ${table} failed: ${JSON.stringify(r?.error ?? r).slice(0, 300)}`);
        const rows: Record<string, Row> = {};
        for (const row of r.rows) {
          const uuid = Array.isArray(row._uuid) ? row._uuid[1] : undefined;
          if (typeof uuid === 'string') rows[uuid] = row;
        }
        byTable[table] = rows;
      });
      counted(writeSnapshot(writer, schema, (t) => byTable[t] ?? {}, notes, 'vharden collect ovs'));
    } catch (err) {
      if (err instanceof CollectError) throw err;
      throw new CollectError(opts.signal?.aborted ? 'cancelled' : `ovs: ${db}: ${(err as Error).message}`);
    } finally {
      client.close();
    }
    return { files: writer.files(), notes };
  },
};
