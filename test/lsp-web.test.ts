// The web worker's server (lsp/web-server.ts) in-process over streams: open documents only, settings from
// workspace/configuration, no files read. The same server in Chromium: test/e2e/web.e2e.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startWebServer } from '../server/src/lsp/web-server';

const BAD_VMX = readFileSync(join(__dirname, 'fixtures', 'rules', 'VMX-ISO-CLIPBOARD', 'bad', 'copy-paste.vmx'), 'utf8');
const IFACES = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n\tbridge-stp off\n';
const VM = (id: number) => `name: vm${id}\nnet0: virtio=BC:24:11:00:00:0${id},bridge=vmbr0,firewall=1\n`;

let client: MessageConnection;
let settings: Record<string, unknown> = {};
const published: PublishDiagnosticsParams[] = [];
let dir: string;

function diagnosticsAfter(uri: string, from: number, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 10_000);
    const poll = () => {
      const hit = published.slice(from).find((p) => p.uri === uri && pred(p));
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      } else setTimeout(poll, 5);
    };
    poll();
  });
}

const open = (uri: string, languageId: string, text: string, version = 1) => client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });

describe('web worker language server (open documents only)', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vharden-web-lsp-'));
    const up = new PassThrough();
    const down = new PassThrough();
    startWebServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)));
    client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void published.push(p));
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
    client.onRequest('workspace/codeLens/refresh', () => null);
    client.onNotification('vharden/status', () => undefined);
    client.listen();
    const init = await client.sendRequest<any>('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } } });
    assert.equal(init.serverInfo.name, 'vharden-language-server (web)');
    assert.equal(init.capabilities.executeCommandProvider, undefined, 'rule pages open through the client only');
    await client.sendNotification('initialized', {});
  });

  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads no file: a .vharden.yaml beside an open file turning its rule off does not apply', async () => {
    mkdirSync(join(dir, 'vm'));
    writeFileSync(join(dir, 'vm', '.vharden.yaml'), 'rules:\n  VMX-ISO-CLIPBOARD: off\n');
    const uri = pathToFileURL(join(dir, 'vm', 'app.vmx')).href;
    const from = published.length;
    await open(uri, 'vmx', BAD_VMX);
    const p = await diagnosticsAfter(uri, from, (d) => d.diagnostics.length > 0);
    assert.deepEqual(p.diagnostics.filter((d) => d.code === 'VMX-ISO-CLIPBOARD').map((d) => d.range.start.line), [10, 11]);
    assert.ok(p.diagnostics.every((d) => d.source === 'vharden' && String(d.codeDescription?.href).startsWith('command:vharden.showDocumentation')));
  });

  it('vharden.* settings from workspace/configuration apply when they change', async () => {
    const uri = 'vscode-vfs://github/o/r/app.vmx';
    let from = published.length;
    await open(uri, 'vmx', BAD_VMX);
    await diagnosticsAfter(uri, from, (d) => d.diagnostics.some((x) => x.code === 'VMX-ISO-CLIPBOARD'));
    settings = { rules: { 'VMX-ISO-CLIPBOARD': 'off' } };
    from = published.length;
    await client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await diagnosticsAfter(uri, from, (d) => !d.diagnostics.some((x) => x.code === 'VMX-ISO-CLIPBOARD'));
    settings = {};
    from = published.length;
    await client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await diagnosticsAfter(uri, from, (d) => d.diagnostics.some((x) => x.code === 'VMX-ISO-CLIPBOARD'));
  });

  it('cross-file facts across open documents: a closed guest leaves the bridge\'s code lens', async () => {
    const host = 'vscode-vfs://github/o/host/etc';
    const ifaces = `${host}/network/interfaces`;
    const guest = (id: number) => `${host}/pve/qemu-server/10${id}.conf`;
    const from = published.length;
    await open(ifaces, 'debian-interfaces', IFACES);
    for (const id of [1, 2]) await open(guest(id), 'proxmox-vm', VM(id));
    await diagnosticsAfter(guest(2), from);
    const titles = async () => ((await client.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri: ifaces } })) ?? []).map((l) => l.command.title);
    assert.deepEqual(await titles(), ['2 guests · not mirrored']);
    await client.sendNotification('textDocument/didClose', { textDocument: { uri: guest(2) } });
    let now: string[] = [];
    for (let i = 0; i < 200 && (now = await titles())[0] !== '1 guest · not mirrored'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(now, ['1 guest · not mirrored']);
  });
});
