import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REDACTED } from '../server/src/engine/redacted';
import { ovsCollector, ovsScript, SNAPSHOT_PATH } from '../server/src/node/collect/ovs';
import { JsonStream, OvsdbClient, parseEndpoint, refusedRequest } from '../server/src/node/collect/ovsdb-rpc';
import { redactOvsdbLog } from '../server/src/node/collect/redact';
import { runScan } from '../server/src/node/run-scan';
import { makeDb, ovsMissing, startOvsdb } from './helpers/ovsdb';

const skip = ovsMissing() ?? false;
const CLI = join(__dirname, '..', 'dist', 'cli.js');

const GUESTS = [
  ['add-br', 'br0'],
  ['add-port', 'br0', 'eth0'],
  ['add-port', 'br0', 'tap101i0'],
  ['add-port', 'br0', 'vport1', '--', 'set', 'interface', 'vport1', 'external-ids:iface-id=web01'],
  ['add-port', 'br0', 'span0', '--', 'set', 'interface', 'span0', 'type=internal'],
];
const MIRROR = ['--', '--id=@p', 'get', 'port', 'span0', '--', '--id=@m', 'create', 'mirror', 'name=span-br0', 'select-all=true', 'output-port=@p', '--', 'set', 'bridge', 'br0', 'mirrors=@m'];

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vharden-collect-ovs-'));
}

function findings(root: string): string[] {
  const o = runScan({ host: { root }, configFiles: false });
  return o.result.files.flatMap((f) => f.findings.map((x) => `${relative(root, f.path)} ${x.ruleId} ${x.locator}`)).sort();
}

async function collect(commands: string[][]): Promise<{ out: string; notes: string[]; text: string }> {
  const db = await startOvsdb(commands);
  try {
    const out = join(tmp(), 'snap');
    const r = await ovsCollector.collect(undefined, { out, flags: { db: `unix:${db.sock}` }, env: process.env });
    assert.deepEqual(r.files, [SNAPSHOT_PATH]);
    return { out, notes: r.notes, text: readFileSync(join(out, SNAPSHOT_PATH), 'utf8') };
  } finally {
    await db.stop();
  }
}

/** A unix socket in front of the real server that records every message the client sends. */
async function recordingProxy(target: string): Promise<{ path: string; sent: { method?: unknown; params?: unknown }[]; server: Server }> {
  const path = join(tmp(), 'proxy.sock');
  const sent: { method?: unknown; params?: unknown }[] = [];
  const server = createServer((client) => {
    const upstream = connect({ path: target });
    const stream = new JsonStream();
    client.setEncoding('utf8');
    client.on('data', (chunk: string) => {
      for (const t of stream.push(chunk)) sent.push(JSON.parse(t));
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(path, r));
  return { path, sent, server };
}

describe('collect ovs from what ovsdb-client backup printed on the host (the Ansible collection)', { skip }, () => {
  it('the script backs up the database read-only; the backup gives the same findings and redaction as the live read', async () => {
    const db = await startOvsdb([...GUESTS, ['set-controller', 'br0', 'tcp:192.0.2.10:6653'], ['set', 'interface', 'vport1', 'options:psk=Zq7-ipsec-psk']]);
    try {
      const host = spawnSync('/bin/sh', ['-s'], { input: ovsScript(`unix:${db.sock}`), maxBuffer: 1 << 26 });
      assert.equal(host.status, 0, String(host.stderr));
      const file = join(tmp(), 'backup.b64');
      writeFileSync(file, host.stdout.toString('base64'));
      const fromHost = join(tmp(), 'snap');
      const r = await ovsCollector.collect(undefined, { out: fromHost, flags: { backup: file }, env: process.env });
      assert.deepEqual(r.files, [SNAPSHOT_PATH]);
      assert.ok(r.notes.some((n) => /1 secret value/.test(n)), r.notes.join('\n'));
      const direct = join(tmp(), 'snap');
      await ovsCollector.collect(undefined, { out: direct, flags: { db: `unix:${db.sock}` }, env: process.env });
      assert.deepEqual(findings(fromHost), findings(direct));
      assert.ok(findings(fromHost).some((f) => /OVS-CONTROLLER-PLAIN/.test(f)));
      const text = readFileSync(join(fromHost, SNAPSHOT_PATH), 'utf8');
      assert.ok(!text.includes('Zq7-ipsec-psk'));
      assert.match(execFileSync('ovsdb-tool', ['db-name', join(fromHost, SNAPSHOT_PATH)], { encoding: 'utf8' }), /Open_vSwitch/);
    } finally {
      await db.stop();
    }
  });

  it('exit 98 without a client or socket; a backup that is not a database is refused', async () => {
    assert.equal(spawnSync('/bin/sh', ['-s'], { input: ovsScript(`unix:${join(tmp(), 'none.sock')}`) }).status, 98);
    assert.equal(spawnSync('/bin/sh', ['-s'], { input: ovsScript('tcp:127.0.0.1:1'), env: { PATH: tmp() } }).status, 98);
    const file = join(tmp(), 'b.txt');
    writeFileSync(file, 'ovsdb-client: failed to connect\n');
    await assert.rejects(ovsCollector.collect(undefined, { out: join(tmp(), 's'), flags: { backup: file }, env: process.env }), /not a standalone OVSDB log/);
  });
});

describe('collect ovs from a real ovsdb-server over JSON-RPC', { skip }, () => {
  it('a bridge with guest ports and no mirror: OVS-MIR-MISSING on the snapshot', async () => {
    const { out } = await collect(GUESTS);
    assert.deepEqual(findings(out), ['etc/openvswitch/conf.db OVS-MIR-MISSING ovs-bridge:br0']);
  });

  it('the same bridge with a mirror: no finding', async () => {
    const { out } = await collect([...GUESTS, MIRROR]);
    assert.deepEqual(findings(out), []);
  });

  it('a plain tcp controller: OVS-CONTROLLER-PLAIN', async () => {
    const { out } = await collect([['add-br', 'br1'], ['set-controller', 'br1', 'tcp:192.0.2.10:6653']]);
    assert.deepEqual(findings(out), ['etc/openvswitch/conf.db OVS-CONTROLLER-PLAIN controller:br1/tcp:192.0.2.10:6653']);
  });

  it('the snapshot is a valid OVSDB log: ovsdb-tool reads its name and records and loads it as a database', async () => {
    const { out, notes, text } = await collect([...GUESTS, MIRROR, ['set', 'bridge', 'br0', 'netflow=@n', '--', '--id=@n', 'create', 'netflow', 'targets="192.0.2.5:2055"']]);
    const file = join(out, SNAPSHOT_PATH);
    assert.equal(execFileSync('ovsdb-tool', ['db-name', file], { encoding: 'utf8' }).trim(), 'Open_vSwitch');
    const log = execFileSync('ovsdb-tool', ['show-log', file], { encoding: 'utf8' });
    assert.match(log, /record 0: "Open_vSwitch" schema/);
    assert.match(log, /record 1: .*"vharden collect ovs"/);
    assert.doesNotMatch(log, /record 2/);
    // a query makes ovsdb-tool replay the log into a database: references must all resolve
    const rows = JSON.parse(execFileSync('ovsdb-tool', ['query', file, JSON.stringify(['Open_vSwitch', { op: 'select', table: 'Mirror', where: [], columns: ['name'] }])], { encoding: 'utf8' }));
    assert.deepEqual(rows, [{ rows: [{ name: 'span-br0' }] }]);
    assert.ok(notes.some((n) => /Bridge\.netflow/.test(n)), 'a reference to a table not collected is left out, and said');
    assert.ok(!text.includes('192.0.2.5'));
  });

  it('snapshots hold no secrets: an IPsec pre-shared key is replaced by the marker', async () => {
    const { text, notes } = await collect([['add-br', 'br0'], ['add-port', 'br0', 'ipsec0', '--', 'set', 'interface', 'ipsec0', 'type=gre', 'options:remote_ip=192.0.2.9', 'options:psk=swordfish']]);
    assert.ok(!text.includes('swordfish'));
    assert.ok(text.includes(`["psk","${REDACTED}"]`));
    assert.ok(notes.some((n) => /1 secret value/.test(n)));
  });

  it('sends only list_dbs, get_schema and transact with select operations', async () => {
    const db = await startOvsdb(GUESTS);
    const proxy = await recordingProxy(db.sock);
    try {
      await ovsCollector.collect(undefined, { out: join(tmp(), 'snap'), flags: { db: `unix:${proxy.path}` }, env: process.env });
      assert.deepEqual(proxy.sent.map((m) => m.method), ['list_dbs', 'get_schema', 'transact']);
      for (const m of proxy.sent) assert.equal(refusedRequest(m), undefined, JSON.stringify(m));
      const ops = (proxy.sent[2]!.params as { op: string; table: string }[]).slice(1);
      assert.deepEqual(ops.map((o) => o.op), ops.map(() => 'select'));
      assert.ok(['Bridge', 'Port', 'Interface', 'Mirror', 'Controller', 'Open_vSwitch'].every((t) => ops.some((o) => o.table === t)));

      // the client refuses anything else before it reaches the socket
      const client = await OvsdbClient.open({ path: proxy.path });
      try {
        const before = proxy.sent.length;
        await assert.rejects(client.request('transact', ['Open_vSwitch', { op: 'insert', table: 'Bridge', row: { name: 'x' } }]), /not sent: .*insert/);
        await assert.rejects(client.request('transact', ['Open_vSwitch', { op: 'select', table: 'Bridge', where: [] }, { op: 'delete', table: 'Bridge', where: [] }]), /not sent/);
        await assert.rejects(client.request('monitor', ['Open_vSwitch', null, {}]), /not sent: .*allow-list/);
        await assert.rejects(client.request('lock', ['x']), /not sent/);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(proxy.sent.length, before);
      } finally {
        client.close();
      }
    } finally {
      proxy.server.close();
      await db.stop();
    }
  });

  it('a missing socket is a clear error', async () => {
    await assert.rejects(ovsCollector.collect('unix:/nonexistent/db.sock', { out: join(tmp(), 'snap'), flags: {}, env: process.env }), /cannot connect to unix:\/nonexistent\/db.sock: .*is ovsdb-server running/);
  });

  it('the CLI: collect ovs --db then scan --root', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, async () => {
    const db = await startOvsdb(GUESTS);
    try {
      const out = join(tmp(), 'snap');
      const c = spawnSync(process.execPath, [CLI, 'collect', 'ovs', '--db', `unix:${db.sock}`, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(c.status, 0, c.stderr);
      assert.match(c.stdout, /Collected 1 file into .*\n {2}etc\/openvswitch\/conf\.db\n/);
      const s = spawnSync(process.execPath, [CLI, 'scan', '--root', out, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.deepEqual(JSON.parse(s.stdout).findings.map((f: { ruleId: string }) => f.ruleId), ['OVS-MIR-MISSING']);
    } finally {
      await db.stop();
    }
  });
});

describe('OVSDB client pieces', () => {
  it('splits back-to-back JSON messages across chunk boundaries, strings with braces included', () => {
    const s = new JsonStream();
    assert.deepEqual(s.push('{"a":"}{\\"x"}{"b'), ['{"a":"}{\\"x"}']);
    assert.deepEqual(s.push('":[1,{"c":2}]}  \n{"d":3'), ['{"b":[1,{"c":2}]}']);
    assert.deepEqual(s.push('}'), ['{"d":3}']);
    assert.throws(() => new JsonStream().push('HTTP/1.1 400'), /not JSON-RPC/);
    assert.throws(() => new JsonStream(10).push('{"aaaaaaaaaaaaaaaa'), /larger than/);
  });

  it('reads unix: and tcp: targets and refuses ssl: and listeners', () => {
    assert.deepEqual(parseEndpoint('unix:/run/openvswitch/db.sock'), { path: '/run/openvswitch/db.sock' });
    assert.deepEqual(parseEndpoint('tcp:192.0.2.1:6640'), { host: '192.0.2.1', port: 6640 });
    assert.deepEqual(parseEndpoint('tcp:[::1]:6640'), { host: '::1', port: 6640 });
    assert.match(parseEndpoint('ssl:192.0.2.1:6640') as string, /not supported/);
    assert.match(parseEndpoint('ptcp:6640') as string, /not supported/);
    assert.match(parseEndpoint('tcp:h:99999') as string, /out of range/);
  });

  it('rewrites a conf.db made by the real tools without its pre-shared keys; records stay valid', { skip }, async () => {
    const db = await makeDb([['add-br', 'br0'], ['add-port', 'br0', 'ipsec0', '--', 'set', 'interface', 'ipsec0', 'type=gre', 'options:remote_ip=192.0.2.9', 'options:psk=swordfish']]);
    try {
      const r = redactOvsdbLog(db.text);
      assert.ok(!('error' in r), JSON.stringify(r));
      assert.ok(r.count >= 1);
      assert.ok(!r.text.includes('swordfish'));
      assert.ok('error' in redactOvsdbLog(db.text.replace('"Open_vSwitch"', '"Open_vSwitcx"')), 'a checksum mismatch is refused');
      const copy = join(tmp(), 'conf.db');
      writeFileSync(copy, r.text);
      const rows = JSON.parse(execFileSync('ovsdb-tool', ['query', copy, JSON.stringify(['Open_vSwitch', { op: 'select', table: 'Interface', where: [['name', '==', 'ipsec0']], columns: ['options'] }])], { encoding: 'utf8' }));
      assert.deepEqual(rows[0].rows[0].options, ['map', [['psk', REDACTED], ['remote_ip', '192.0.2.9']]]);
    } finally {
      db.cleanup();
    }
  });
});
