import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { buildModel, type DomainModel } from '../server/src/formats/libvirt-xml/model';
import { scanXml } from '../server/src/formats/libvirt-xml/scanner';

/** Hostile XML: nothing is expanded or read from outside the text, time and stack stay bounded. */

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

const bigConfig = { ...defaultConfig(), maxFileSize: 80 * 1024 * 1024 };

describe('hostile libvirt XML', () => {
  it('billion laughs: entities are reported, never expanded', () => {
    let decls = '<!ENTITY lol "lol">\n';
    for (let i = 1; i <= 9; i++) decls += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">\n`;
    const text = `<?xml version="1.0"?>\n<!DOCTYPE domain [\n${decls}]>\n<domain type='kvm'>\n  <name>&lol9;</name>\n  <devices>\n    <graphics type='vnc' passwd='&lol9;' listen='0.0.0.0'/>\n  </devices>\n</domain>\n`;
    const { value: r, ms } = timed(() => lintText({ path: 'laughs.xml', text, config: defaultConfig() }));
    assert.ok(ms < 1000, `${ms} ms`);
    assert.equal(r.format, 'libvirt-domain');
    const d = buildModel(text) as DomainModel;
    assert.equal(d.name, '&lol9;', 'the reference stays literal');
    const doctype = r.findings.find((f) => f.ruleId === 'VH-PARSE-ERROR' && /DOCTYPE declares 10 entities/.test(f.message));
    assert.ok(doctype, 'the DOCTYPE with entity declarations gets a diagnostic');
    assert.equal(text.slice(doctype.start, doctype.start + 9), '<!DOCTYPE');
    assert.ok(r.findings.some((f) => f.ruleId === 'DOM-GRAPHICS-PASSWD'), 'rules still run on the literal text');
    assert.ok(JSON.stringify(r.findings).length < 20000, 'output stays small');
  });

  it('external entity pointing at /etc/passwd: nothing from the file appears', () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE domain [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p; ]>\n<domain type='kvm'>\n  <name>&xxe;</name>\n  <description>&xxe;</description>\n  <devices/>\n</domain>\n`;
    const r = lintText({ path: 'xxe.xml', text, config: defaultConfig() });
    const d = buildModel(text) as DomainModel;
    assert.equal(d.name, '&xxe;');
    const everything = JSON.stringify(r.findings) + JSON.stringify(d.root?.children.map((c) => c.text));
    assert.ok(!everything.includes('root:x:0:0'), 'no line of /etc/passwd');
    assert.ok(!/\/bin\/(ba)?sh/.test(everything), 'no shell path from /etc/passwd');
    const doctype = r.findings.find((f) => /external references/.test(f.message));
    assert.ok(doctype, 'the external reference is reported');
  });

  it('10,000-deep nesting does not overflow the stack', () => {
    const depth = 10000;
    const text = `<domain type='kvm'><name>deep</name><devices>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</devices></domain>`;
    const { value: r, ms } = timed(() => lintText({ path: 'deep.xml', text, config: defaultConfig() }));
    assert.ok(ms < 2000, `${ms} ms`);
    assert.equal(r.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR').length, 0);
    const unclosed = `<domain type='kvm'>${'<a>'.repeat(depth)}`;
    const u = lintText({ path: 'deep.xml', text: unclosed, config: defaultConfig() });
    const errors = u.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR');
    assert.ok(errors.length <= 51, `diagnostics are capped (${errors.length})`);
    assert.ok(errors.some((f) => /more XML syntax problems/.test(f.message)));
  });

  it('stray end tags against a deep stack stay linear', () => {
    const text = `<domain type='kvm'>${'<a>'.repeat(20000)}${'</b>'.repeat(20000)}`;
    const { ms } = timed(() => scanXml(text));
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('a 50 MB domain file is scanned in bounded time', () => {
    const device = `    <interface type='bridge'>\n      <source bridge='br0'/>\n      <model type='virtio'/>\n      <filterref filter='clean-traffic'/>\n      <port isolated='yes'/>\n    </interface>\n`;
    const count = Math.ceil((50 * 1024 * 1024) / device.length);
    const text = `<domain type='kvm'>\n  <name>big</name>\n  <devices>\n${device.repeat(count)}    <graphics type='vnc' listen='0.0.0.0'/>\n  </devices>\n</domain>\n`;
    assert.ok(text.length >= 50 * 1024 * 1024);
    const { value: r, ms } = timed(() => lintText({ path: 'big.xml', text, config: bigConfig }));
    console.log(`50 MB domain: ${ms.toFixed(0)} ms, ${count} interfaces`);
    assert.ok(ms < 30000, `${ms} ms`);
    // its 250,000 interfaces are more ports than the cross-file checks take from one file (10,000): said once
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}@${f.locator}`), ['VH-TOO-MANY-FINDINGS@too-many-facts', 'DOM-GRAPHICS-PUBLIC@/domain/devices/graphics']);
    const skipped = lintText({ path: 'big.xml', text, config: defaultConfig() });
    assert.deepEqual(skipped.findings.map((f) => f.ruleId), ['VH-FILE-SKIPPED'], 'the default size limit skips it with a diagnostic');
  });

  it('pathological attribute and quote soup stays linear', () => {
    const soup = `<domain type='kvm'><devices><graphics ${"a='x b=".repeat(100000)}></devices></domain>`;
    const { ms } = timed(() => scanXml(soup));
    assert.ok(ms < 2000, `${ms} ms`);
    const unquoted = `<domain ${'a=b '.repeat(200000)}>`;
    assert.ok(timed(() => scanXml(unquoted)).ms < 2000);
    const lts = '<'.repeat(200000);
    assert.ok(timed(() => scanXml(lts)).ms < 2000);
    const comments = '<!--'.repeat(200000);
    assert.ok(timed(() => scanXml(comments)).ms < 2000);
  });
});
