import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

/** libvirt documents in the editor: VS Code's xml language, half-typed XML, shared libvirt-conf language. */

const DOMAIN_URI = 'file:///tmp/vharden-lsp-libvirt/etc/libvirt/qemu/vm.xml';
const DOMAIN = `<domain type='kvm'>
  <name>vm</name>
  <devices>
    <graphics type='vnc' listen='0.0.0.0'>
      <listen type='address' address='0.0.0.0'/>
    </graphics>
    <serial type='tcp'>
      <source mode='bind' host='0.0.0.0' service='4555'/>
      <target port='0'>
    </serial>
  </devices>
</domain>
`;

describe('language server with libvirt documents', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client.close();
  });

  it('a half-typed domain in the xml language: findings and the parse error at their places', async () => {
    await client.open(DOMAIN_URI, 'xml', DOMAIN);
    const { diagnostics } = await client.waitForDiagnostics(DOMAIN_URI, (p) => p.diagnostics.length > 0);
    const at = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => `${d.range.start.line}:${d.range.start.character}`);
    assert.deepEqual(at('DOM-GRAPHICS-PUBLIC'), ['3:25']);
    assert.deepEqual(at('DOM-CHARDEV-TCP'), ['7:26']);
    assert.deepEqual(at('VH-PARSE-ERROR'), ['8:6']);
  });

  it('the guarded graphics fix rewrites the attribute and the <listen> child; the XML suppression works', async () => {
    const { diagnostics } = await client.waitForDiagnostics(DOMAIN_URI);
    const g = diagnostics.find((d) => d.code === 'DOM-GRAPHICS-PUBLIC')!;
    const actions = await client.codeActions(DOMAIN_URI, [g]);
    const fix = actions.find((a) => /127\.0\.0\.1/.test(a.title))!;
    assert.match(fix.title, /guarded/);
    const fixed = applyLspEdits(DOMAIN, fix.edit.changes[DOMAIN_URI]);
    assert.equal(fixed, DOMAIN.replace("listen='0.0.0.0'", "listen='127.0.0.1'").replace("address='0.0.0.0'", "address='127.0.0.1'"));
    const suppress = actions.find((a) => a.title === 'Suppress DOM-GRAPHICS-PUBLIC on this line')!;
    const suppressed = applyLspEdits(DOMAIN, suppress.edit.changes[DOMAIN_URI]);
    assert.match(suppressed, /<!-- vharden-ignore DOM-GRAPHICS-PUBLIC: reason -->\n    <graphics/);
    await client.change(DOMAIN_URI, 2, suppressed);
    const after = await client.waitForDiagnostics(DOMAIN_URI, (p) => p.version === 2);
    assert.equal(after.diagnostics.filter((d) => d.code === 'DOM-GRAPHICS-PUBLIC').length, 0);
    assert.equal(after.diagnostics.filter((d) => d.code === 'VH-UNUSED-SUPPRESSION').length, 0);
  });

  it('unrelated XML in the xml language gets no diagnostics', async () => {
    const uri = 'file:///tmp/vharden-lsp-libvirt/pom.xml';
    await client.open(uri, 'xml', '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><graphics listen="0.0.0.0"/></project>');
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.deepEqual(diagnostics, []);
  });

  it('the libvirt-conf language picks qemu.conf rules by path', async () => {
    const uri = 'file:///tmp/vharden-lsp-libvirt/etc/libvirt/qemu.conf';
    await client.open(uri, 'libvirt-conf', 'vnc_listen = "0.0.0.0"\n');
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map((d) => d.code), ['QEMU-VNC-LISTEN-ALL']);
  });
});
