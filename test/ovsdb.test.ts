import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { detectFormat } from '../server/src/catalog';
import { lintTogether } from './helpers/session';
import { parseOvsdb } from '../server/src/formats/ovsdb';
import { makeDb, ovsMissing } from './helpers/ovsdb';

const skip = ovsMissing() ?? false;

const GUEST_BRIDGE = [
  ['add-br', 'br0'],
  ['add-port', 'br0', 'eth0'],
  ['add-port', 'br0', 'tap101i0', 'tag=10'],
  ['add-port', 'br0', 'vport1', '--', 'set', 'interface', 'vport1', 'external-ids:iface-id=web01'],
  ['add-port', 'br0', 'span0', '--', 'set', 'interface', 'span0', 'type=internal'],
];
const MIRROR = ['--', '--id=@p', 'get', 'port', 'span0', '--', '--id=@m', 'create', 'mirror', 'name=span-br0', 'select-all=true', 'output-port=@p', '--', 'set', 'bridge', 'br0', 'mirrors=@m'];

function lint(path: string, text: string) {
  return lintTogether([{ path, text, config: defaultConfig() }])[0]!;
}

describe('OVSDB conf.db made by the real tools', { skip }, () => {
  it('replays the log into bridges, ports with roles and tags; an unmirrored guest bridge is reported on its name', async () => {
    const db = await makeDb(GUEST_BRIDGE);
    try {
      assert.equal(detectFormat(db.path)?.id, 'ovsdb');
      const { model, diagnostics } = parseOvsdb(db.text);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(model.facts.switches.map((s) => s.name), ['br0']);
      const roles = Object.fromEntries(model.facts.ports.map((p) => [p.name, p.role]));
      assert.deepEqual(roles, { eth0: 'uplink', tap101i0: 'guest', vport1: 'guest', span0: 'internal' });
      assert.equal(model.facts.ports.find((p) => p.name === 'tap101i0')!.tag, 10);
      const sw = model.facts.switches[0]!;
      assert.equal(db.text.slice(sw.start, sw.end), '"br0"');
      const hits = lint(db.path, db.text).findings.filter((f) => f.ruleId === 'OVS-MIR-MISSING');
      assert.equal(hits.length, 1);
      assert.match(hits[0]!.message, /br0 carries the traffic of VM 101 and vport1/);
      assert.equal(hits[0]!.severity, 'medium');
      assert.equal(hits[0]!.templates, undefined, 'no template: conf.db is not edited by hand');
    } finally {
      db.cleanup();
    }
  });

  it('a mirror with select-all to an internal port satisfies the rule and is read with its output', async () => {
    const db = await makeDb([...GUEST_BRIDGE, MIRROR]);
    try {
      const { model } = parseOvsdb(db.text);
      assert.equal(model.facts.mirrors.length, 1);
      const m = model.facts.mirrors[0]!;
      assert.deepEqual({ switch: m.switch, name: m.name, selectAll: m.selectAll, outputPort: m.outputPort }, { switch: 'br0', name: 'span-br0', selectAll: true, outputPort: 'span0' });
      assert.equal(db.text.slice(m.start, m.end), '"span-br0"');
      assert.deepEqual(lint(db.path, db.text).findings.filter((f) => f.ruleId.includes('-MIR-')).map((f) => f.ruleId), []);
    } finally {
      db.cleanup();
    }
  });

  it('applies later diffs: a deleted port disappears, a cleared mirror no longer counts', async () => {
    const db = await makeDb([...GUEST_BRIDGE, MIRROR, ['del-port', 'br0', 'eth0'], ['clear', 'bridge', 'br0', 'mirrors']]);
    try {
      const { model } = parseOvsdb(db.text);
      assert.deepEqual(model.facts.ports.map((p) => p.name).sort(), ['span0', 'tap101i0', 'vport1']);
      assert.equal(model.facts.mirrors.length, 0);
      assert.deepEqual(lint(db.path, db.text).findings.filter((f) => f.ruleId === 'OVS-MIR-MISSING').length, 1);
    } finally {
      db.cleanup();
    }
  });

  it('a mirror of the uplink only, to a guest port, is reported by OVS-MIR-SCOPE and OVS-MIR-OUTPUT', async () => {
    const db = await makeDb([
      ...GUEST_BRIDGE,
      ['add-port', 'br0', 'tap102i0'],
      ['--', '--id=@u', 'get', 'port', 'eth0', '--', '--id=@g', 'get', 'port', 'tap102i0', '--', '--id=@m', 'create', 'mirror', 'name=uplink', 'select-src-port=@u', 'select-dst-port=@u', 'output-port=@g', '--', 'set', 'bridge', 'br0', 'mirrors=@m'],
    ]);
    try {
      const ids = lint(db.path, db.text).findings.map((f) => f.ruleId).filter((id) => id.includes('-MIR-')).sort();
      assert.deepEqual(ids, ['OVS-MIR-OUTPUT', 'OVS-MIR-SCOPE']);
    } finally {
      db.cleanup();
    }
  });

  it('a torn last record is reported and the records before it are read', async () => {
    const db = await makeDb(GUEST_BRIDGE);
    try {
      const torn = db.text + 'OVSDB JSON 120 0123456789abcdef0123456789abcdef01234567\n{"Bridge":{';
      const { model, diagnostics } = parseOvsdb(torn);
      assert.equal(model.facts.switches.length, 1);
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0]!.code, 'VH-PARSE-ERROR');
    } finally {
      db.cleanup();
    }
  });
});

describe('OVSDB record framing', () => {
  const FIXTURE = 'test/fixtures/rules/OVS-CONTROLLER-PLAIN/bad/ovs-host/etc/openvswitch/conf.db';
  const text = readFileSync(FIXTURE, 'utf8');
  const controllers = (t: string) => lintText({ path: 'etc/openvswitch/conf.db', text: t, config: defaultConfig() }).findings.filter((f) => f.ruleId === 'OVS-CONTROLLER-PLAIN');

  it('a record ends where its header says, so junk after the last record neither hides it nor goes unreported', () => {
    assert.equal(controllers(text).length, 1);
    const torn = text + '{"Bridge":{"half a rec';
    const r = lintText({ path: 'etc/openvswitch/conf.db', text: torn, config: defaultConfig() });
    assert.equal(r.findings.filter((f) => f.ruleId === 'OVS-CONTROLLER-PLAIN').length, 1, 'the last whole record is still read');
    const err = r.findings.find((f) => f.ruleId === 'VH-PARSE-ERROR');
    assert.ok(err && err.start >= text.length, 'the junk is reported where it starts');
  });

  it('a log whose line ends were converted (lengths no longer fit) is still read record by record', () => {
    assert.equal(controllers(text.replace(/\n/g, '\r\n')).length, 1);
  });
});
