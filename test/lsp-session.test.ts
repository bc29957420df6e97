import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll } from '../server/src/engine/engine';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

// The editor drives the same Session as the CLI: these are the defects the split removed, each seen in a real VS Code.

const BRIDGE = 'auto vmbr1\niface vmbr1 inet static\n    address 10.0.10.5/24\n    ovs_type OVSBridge\n    ovs_ports eno1\n';
const GUESTS = '#!/bin/sh\novs-vsctl --may-exist add-port vmbr1 vnet0\novs-vsctl --may-exist add-port vmbr1 vnet1\n';
const VMX = [
  '.encoding = "UTF-8"',
  'config.version = "8"',
  'virtualHW.version = "19"',
  'displayName = "web01"',
  'guestOS = "ubuntu-64"',
  'isolation.tools.copy.disable = "FALSE"',
  'isolation.tools.paste.disable = "FALSE"',
  'RemoteDisplay.vnc.enabled = "TRUE"',
  'RemoteDisplay.vnc.port = "5901"',
  'serial0.present = "FALSE"',
  '',
].join('\n');

const missing = (p: { diagnostics: { code?: string | number; severity?: number }[] }) => p.diagnostics.filter((d) => d.code === 'OVS-MIR-MISSING');

describe('language server: one session for open documents, disk files, settings and host scans', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  let ws: string;
  let other: string;
  let bridgeUri: string;
  let vmxUri: string;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'vharden-session-'));
    mkdirSync(join(ws, 'host1', 'etc', 'network', 'if-up.d'), { recursive: true });
    writeFileSync(join(ws, 'host1', 'etc', 'network', 'interfaces'), BRIDGE);
    writeFileSync(join(ws, 'host1', 'etc', 'network', 'if-up.d', 'guest-ports'), GUESTS);
    writeFileSync(join(ws, 'web01.vmx'), VMX);
    other = mkdtempSync(join(tmpdir(), 'vharden-session-host-'));
    mkdirSync(join(other, 'etc', 'vmware'), { recursive: true });
    writeFileSync(join(other, 'etc', 'vmware', 'template.vmx'), VMX);
    bridgeUri = pathToFileURL(join(ws, 'host1', 'etc', 'network', 'interfaces')).href;
    vmxUri = pathToFileURL(join(ws, 'web01.vmx')).href;
    client = new LspClient();
    client.settings = {};
    await client.initialize({ clientCommands: ['vharden.insertSuppression'] }, [pathToFileURL(ws).href], { configuration: true, workspaceEdit: { documentChanges: true } });
  });
  after(async () => {
    await client.close();
    rmSync(ws, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });

  it('a second host scan leaves the editor\'s own diagnostics (cross-file ones too) in place', async () => {
    await client.open(bridgeUri, 'debian-interfaces', BRIDGE);
    try {
      await client.waitForDiagnostics(bridgeUri, (p) => missing(p).length === 1);
      const from = client.published.length;
      const first: any = await client.conn.sendRequest('vharden/scanHost', { target: 'workspace' });
      const second: any = await client.conn.sendRequest('vharden/scanHost', { target: 'folder', path: other });
      assert.ok(first.diagnostics?.length > 0 && second.diagnostics?.length > 0, 'each scan returns its own diagnostics');
      await new Promise((r) => setTimeout(r, 300));
      const cleared = client.published.slice(from).filter((p) => p.uri === bridgeUri && missing(p).length === 0);
      assert.deepEqual(cleared, [], 'no scan republished the open file without its cross-file finding');
    } finally {
      await client.closeDocument(bridgeUri);
    }
  });

  it('a rule turned off in settings leaves files that are not open too', async () => {
    await client.waitForDiagnostics(bridgeUri, (p) => missing(p).length === 1);
    let from = client.published.length;
    client.settings = { rules: { 'OVS-MIR-MISSING': 'off' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForPublish(bridgeUri, (p) => missing(p).length === 0, from);
    from = client.published.length;
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForPublish(bridgeUri, (p) => missing(p).length === 1, from);
  });

  it('a change to vharden.monitoring.requiredFor reaches the cross-file findings at once', async () => {
    const warning = await client.waitForDiagnostics(bridgeUri, (p) => missing(p)[0]?.severity === 2);
    assert.ok(warning);
    let from = client.published.length;
    client.settings = { monitoring: { requiredFor: ['br-prod-*'] } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForPublish(bridgeUri, (p) => missing(p)[0]?.severity === 4, from);
    from = client.published.length;
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForPublish(bridgeUri, (p) => missing(p)[0]?.severity === 2, from);
  });

  it('hover and code actions on a file over 256 KB wait for its check instead of cancelling it', async () => {
    const uri = pathToFileURL(join(ws, 'big.vmx')).href;
    const filler = Array.from({ length: 9000 }, (_, i) => `ethernet${i}.networkName = "VM Network ${i}"`).join('\n');
    const text = `${VMX}${filler}\n`;
    assert.ok(text.length > 256 * 1024);
    const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    await client.open(uri, 'vmx', text);
    const at = { line: 7, character: 3 };
    const hover: any = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: at });
    const actions = await client.codeActions(uri, []);
    assert.match(hover?.contents?.value ?? '', /VMX-CONSOLE-VNC/, 'the hover waited for the result');
    assert.ok(Array.isArray(actions));
    const p = await published;
    assert.ok(p.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'), 'the check was published, not cancelled');
    await client.closeDocument(uri);
  });

  it('fix-all sends the edits it makes, against the version it was computed for', async () => {
    await client.open(vmxUri, 'vmx', VMX, 3);
    await client.waitForDiagnostics(vmxUri, (p) => p.version === 3);
    const [action] = await client.codeActions(vmxUri, [], ['source.fixAll.vharden']);
    assert.ok(action, 'a fix-all action');
    const change = action.edit.documentChanges?.[0];
    assert.deepEqual(change?.textDocument, { uri: vmxUri, version: 3 }, 'a versioned edit');
    const expected = fixAll({ path: join(ws, 'web01.vmx'), text: VMX, config: defaultConfig(), formatId: 'vmx' }).text;
    assert.equal(applyLspEdits(VMX, change.edits), expected);
    const untouched = VMX.split('\n').filter((l) => expected.split('\n').includes(l));
    assert.ok(change.edits.every((e: any) => e.range.end.line - e.range.start.line <= 1), 'each edit spans at most the lines it changes');
    assert.ok(untouched.length > 3, 'most lines are not rewritten');
    await client.closeDocument(vmxUri);
  });

  it('a suppression is offered as a snippet with the reason to type when the client runs the snippet command', async () => {
    await client.open(vmxUri, 'vmx', VMX, 1);
    const { diagnostics } = await client.waitForDiagnostics(vmxUri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
    const vnc = diagnostics.find((d) => d.code === 'VMX-CONSOLE-VNC')!;
    const actions = await client.codeActions(vmxUri, [vnc]);
    const line = actions.find((a) => a.title === 'Suppress VMX-CONSOLE-VNC on this line');
    assert.equal(line?.command?.command, 'vharden.insertSuppression');
    assert.match(line.command.arguments[0].snippet, /vharden-ignore VMX-CONSOLE-VNC -- \$\{1:reason\}/);
    await client.closeDocument(vmxUri);
  });

  it('with vharden.run = onSave, typing does not check; saving does', async () => {
    await client.open(vmxUri, 'vmx', VMX, 1);
    await client.waitForDiagnostics(vmxUri, (p) => p.version === 1);
    const from = client.published.length;
    client.settings = { run: 'onSave' };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForPublish(vmxUri, (p) => p.version === 1, from); // the settings are in effect
    await client.change(vmxUri, 2, VMX.replace('RemoteDisplay.vnc.enabled = "TRUE"', 'RemoteDisplay.vnc.enabled = "FALSE"'));
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(!client.published.some((p) => p.uri === vmxUri && p.version === 2), 'no check while typing');
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: vmxUri } });
    const saved = await client.waitForDiagnostics(vmxUri, (p) => p.version === 2);
    assert.ok(!saved.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.closeDocument(vmxUri);
  });
});
