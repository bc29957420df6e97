import { OvsdbClient, parseEndpoint } from './ovsdb-rpc';
import { ovsdbRecord, redactOvsdbValue } from './redact';
import { checkFlags, CollectError, CollectUsageError, SnapshotWriter, stringFlag } from './snapshot';
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

export const ovsCollector: Collector = {
  id: 'ovs',
  usage: 'ovs [--db unix:PATH|tcp:HOST:PORT]',
  async collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult> {
    checkFlags('ovs', opts.flags, { db: 'string' });
    const dbFlag = stringFlag(opts.flags, 'db');
    if (dbFlag && target) throw new CollectUsageError('collect ovs: give the database once (as an argument or with --db)');
    const db = dbFlag ?? target ?? defaultDb(opts.env);
    const endpoint = parseEndpoint(db);
    if (typeof endpoint === 'string') throw new CollectUsageError(`collect ovs: ${db}: ${endpoint}`);
    const writer = new SnapshotWriter(opts.out);
    const progress = opts.progress ?? (() => undefined);
    const notes: string[] = [];

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
      const data: Record<string, unknown> = {};
      const dropped = new Set<string>();
      let redacted = 0;
      tables.forEach((table, i) => {
        const r = results[i];
        if (!r || !Array.isArray(r.rows)) throw new CollectError(`ovs: the select of ${table} failed: ${JSON.stringify(r?.error ?? r).slice(0, 300)}`);
        const columns = schema.tables![table]!.columns ?? {};
        const rows: Record<string, Row> = {};
        for (const row of r.rows) {
          const uuid = Array.isArray(row._uuid) ? row._uuid[1] : undefined;
          if (typeof uuid !== 'string') continue;
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
      });
      data._date = Date.now();
      data._comment = 'vharden collect ovs';
      writer.file(SNAPSHOT_PATH, ovsdbRecord(schema) + ovsdbRecord(data));
      const count = (t: string) => Object.keys((data[t] as Record<string, Row> | undefined) ?? {}).length;
      progress(`ovs: ${count('Bridge')} bridges, ${count('Port')} ports, ${count('Mirror')} mirrors, ${count('Controller')} controllers`);
      if (dropped.size) notes.push(`columns that refer to tables not collected (NetFlow, sFlow, IPFIX, QoS, …) were left out: ${[...dropped].sort().join(', ')}`);
      if (redacted) notes.push(`${redacted} secret value${redacted === 1 ? '' : 's'} (such as IPsec pre-shared keys) replaced by vharden:redacted`);
    } catch (err) {
      if (err instanceof CollectError) throw err;
      throw new CollectError(opts.signal?.aborted ? 'cancelled' : `ovs: ${db}: ${(err as Error).message}`);
    } finally {
      client.close();
    }
    return { files: writer.files(), notes };
  },
};
