import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

const INSECURE = readFileSync(join(__dirname, '..', 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');
const URI = 'file:///tmp/vharden-lsp-test/fw-lab.vmx';

describe('language server over stdio', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
  });
  after(async () => {
    await client.close();
  });

  it('initializes and advertises code actions, fix-all and hover', async () => {
    const init = await client.initialize();
    assert.equal(init.serverInfo.name, 'vharden-language-server');
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.vharden'));
  });

  it('publishes diagnostics with source, code, docs link and fix data', async () => {
    await client.open(URI, 'vmx', INSECURE);
    const { diagnostics } = await client.waitForDiagnostics(URI, (p) => p.diagnostics.length > 0);
    const vnc = diagnostics.find((d) => d.code === 'VMX-CONSOLE-VNC')!;
    assert.ok(vnc, 'VNC finding present');
    assert.equal(vnc.source, 'vharden');
    assert.equal(vnc.severity, 1);
    assert.match(vnc.codeDescription!.href, /^file:\/\/.*docs\/rules\/VMX-CONSOLE-VNC\.md$/);
    assert.ok(existsSync(new URL(vnc.codeDescription!.href)), 'docs link points at a real file');
    assert.equal((vnc.data as any).ruleId, 'VMX-CONSOLE-VNC');
    assert.equal((vnc.data as any).fixes[0].safety, 'guarded');
    assert.equal(vnc.range.start.line, 16);
  });

  it('offers the fix, suppressions and documentation; applying the safe fix clears the finding', async () => {
    const { diagnostics } = await client.waitForDiagnostics(URI);
    const debug = diagnostics.find((d) => d.code === 'VMX-DEBUGSTUB-REMOTE')!;
    const actions = await client.codeActions(URI, [debug]);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Suppress VMX-DEBUGSTUB-REMOTE on this line'));
    assert.ok(titles.includes('Suppress VMX-DEBUGSTUB-REMOTE in this file'));
    assert.ok(titles.includes('Show documentation for VMX-DEBUGSTUB-REMOTE'));
    const fix = actions.find((a) => a.isPreferred)!;
    assert.match(fix.title, /Set debugStub\.listen\.guest64\.remote to "FALSE"/);
    const fixed = applyLspEdits(INSECURE, fix.edit.changes[URI]);
    assert.match(fixed, /debugStub\.listen\.guest64\.remote = "FALSE"/);
    await client.change(URI, 2, fixed);
    const after = await client.waitForDiagnostics(URI, (p) => p.version === 2);
    assert.equal(after.diagnostics.filter((d) => d.code === 'VMX-DEBUGSTUB-REMOTE').length, 0);
    assert.ok(after.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'), 'other findings stay');
  });

  it('guarded fixes say what they may break and are not preferred', async () => {
    const { diagnostics } = await client.waitForDiagnostics(URI);
    const vnc = diagnostics.find((d) => d.code === 'VMX-CONSOLE-VNC')!;
    const actions = await client.codeActions(URI, [vnc]);
    const fix = actions.find((a) => /Disable the VNC console/.test(a.title))!;
    assert.match(fix.title, /guarded/);
    assert.ok(!fix.isPreferred);
  });

  it('suppress-on-this-line inserts a comment that silences exactly that finding', async () => {
    const { diagnostics } = await client.waitForDiagnostics(URI);
    const text = applyLspEdits(INSECURE, []);
    const usb = diagnostics.find((d) => d.code === 'VMX-ISO-USB')!;
    const actions = await client.codeActions(URI, [usb]);
    const suppress = actions.find((a) => a.title === 'Suppress VMX-ISO-USB on this line')!;
    const current = applyLspEdits(text.replace('debugStub.listen.guest64.remote = "TRUE"', 'debugStub.listen.guest64.remote = "FALSE"'), suppress.edit.changes[URI]);
    assert.match(current, /# vharden-ignore VMX-ISO-USB -- reason\nusb_xhci\.present = "TRUE"/);
    await client.change(URI, 3, current);
    const after = await client.waitForDiagnostics(URI, (p) => p.version === 3);
    assert.equal(after.diagnostics.filter((d) => d.code === 'VMX-ISO-USB').length, 0);
    assert.equal(after.diagnostics.filter((d) => d.code === 'VH-UNUSED-SUPPRESSION').length, 0);
  });

  it('fix-all applies safe fixes only, and a second run changes nothing', async () => {
    const uri = 'file:///tmp/vharden-lsp-test/fixall.vmx';
    await client.open(uri, 'vmx', INSECURE);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const [action] = await client.codeActions(uri, [], ['source.fixAll.vharden']);
    assert.equal(action.kind, 'source.fixAll.vharden');
    const fixed = applyLspEdits(INSECURE, action.edit.changes[uri]);
    assert.match(fixed, /RemoteDisplay\.vnc\.enabled = "TRUE"/, 'guarded VNC fix not applied');
    assert.match(fixed, /serial0\.fileType = "network"/, 'guarded serial fix not applied');
    assert.match(fixed, /debugStub\.listen\.guest64\.remote = "FALSE"/);
    assert.match(fixed, /RemoteDisplay\.maxConnections = "1"/);
    assert.doesNotMatch(fixed, /sched\.mem\.pshare\.salt/);
    await client.change(uri, 2, fixed);
    await client.waitForDiagnostics(uri, (p) => p.version === 2);
    const again = await client.codeActions(uri, [], ['source.fixAll.vharden']);
    assert.deepEqual(again, [], 'nothing left for fix-all');
  });

  it('hover explains the finding with risk, fix, references and the docs link', async () => {
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 16, character: 5 } }) as any;
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\*\*VMX-CONSOLE-VNC\*\*/);
    assert.match(hover.contents.value, /\*\*Risk\.\*\*/);
    assert.match(hover.contents.value, /\*\*Fix\.\*\*/);
    assert.match(hover.contents.value, /VMCH-70-000021/);
    assert.match(hover.contents.value, /\[Documentation\]\(file:/);
    // line 4 (displayName) carries the missing-key findings; guestOS on line 5 has none
    const none = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 4, character: 2 } });
    assert.equal(none, null);
  });

  it('show documentation asks the client to open the docs page', async () => {
    await client.conn.sendRequest('workspace/executeCommand', { command: 'vharden.showDocumentation', arguments: ['VMX-ISO-USB'] });
    assert.ok(client.shown.some((u) => u.endsWith('/docs/rules/VMX-ISO-USB.md')));
  });

  it('settings from initializationOptions turn rules off (clients without workspace/configuration)', async () => {
    const other = new LspClient();
    try {
      await other.initialize({ settings: { rules: { 'VMX-*': 'off' } } });
      const uri = 'file:///tmp/vharden-lsp-test/off.vmx';
      await other.open(uri, 'vmx', INSECURE);
      const p = await other.waitForDiagnostics(uri);
      assert.deepEqual(p.diagnostics.map((d) => d.code), []);
    } finally {
      await other.close();
    }
  });

  it('closing a document clears its diagnostics', async () => {
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    const p = await client.waitForDiagnostics(URI, (x) => x.diagnostics.length === 0);
    assert.deepEqual(p.diagnostics, []);
  });
});
