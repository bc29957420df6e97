// The web extension's language server (dist/web/server.js) as a web worker in headless Chromium: served
// from a loopback HTTP server, driven over LSP JSON-RPC messages from a page, with a screenshot of a page
// that renders what it published. Run alone with `npm run test:web` (builds first); part of `npm run test:e2e`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'web', 'server.js');
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = join(ROOT, 'test-results', 'e2e');
const missing = !existsSync(CHROMIUM) ? 'chromium not installed' : !existsSync(WORKER) ? 'dist/web/server.js not built: run npm run bundle' : false;

const BAD_VMX = readFileSync(join(ROOT, 'test', 'fixtures', 'rules', 'VMX-ISO-CLIPBOARD', 'bad', 'copy-paste.vmx'), 'utf8');
const VMX_URI = 'vscode-vfs://github/example/vms/app01/app01.vmx';
const IFACES = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n\tbridge-stp off\n';
const VM = (id: number) => `name: vm${id}\nnet0: virtio=BC:24:11:00:00:0${id},bridge=vmbr0,firewall=1\n`;
const HOST = 'vscode-vfs://github/example/host/etc';

// The page: a worker from /server.js and a small JSON-RPC client over postMessage (what vscode-languageclient/browser does).
const PAGE = `<!doctype html><meta charset="utf-8"><title>vharden web worker</title>
<style>body{font:14px system-ui,sans-serif;margin:16px;color:#222}h1{font-size:18px}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}.error{color:#b00020}.warning{color:#9a6700}
.info,.hint{color:#0b5cad}code{font-family:ui-monospace,monospace}pre{background:#f7f7f7;padding:8px;white-space:pre-wrap}</style>
<h1>vharden language server in a web worker</h1><div id="out">starting…</div>
<script>
const worker = new Worker('/server.js');
let next = 1; const pending = new Map(); window.notes = []; window.errors = [];
worker.onerror = (e) => window.errors.push(String(e.message));
worker.onmessage = (e) => {
  const m = e.data;
  if (m.id !== undefined && m.method === undefined) { const p = pending.get(m.id); pending.delete(m.id); if (p) m.error ? p.reject(new Error(m.error.message)) : p.resolve(m.result); return; }
  if (m.id !== undefined) { // a request from the server: settings, registrations, refreshes
    const result = m.method === 'workspace/configuration' ? m.params.items.map(() => ({})) : null;
    worker.postMessage({ jsonrpc: '2.0', id: m.id, result }); return;
  }
  window.notes.push(m);
};
window.request = (method, params) => new Promise((resolve, reject) => { const id = next++; pending.set(id, { resolve, reject }); worker.postMessage({ jsonrpc: '2.0', id, method, params }); });
window.notify = (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params });
window.render = (diags, title, uri, hover, keys) => {
  const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
  const sev = ['', 'error', 'warning', 'info', 'hint'];
  const rows = diags.map((d) => '<tr><td>' + (d.range.start.line + 1) + '</td><td class="' + sev[d.severity] + '">' + sev[d.severity] + '</td><td><code>' + esc(d.code) + '</code></td><td>' + esc(d.source) + '</td><td>' + esc(d.message) + '</td></tr>').join('');
  document.getElementById('out').innerHTML = '<p>publishDiagnostics for <code>' + esc(uri) + '</code> (' + diags.length + ')</p><table><tr><th>line</th><th>severity</th><th>code</th><th>source</th><th>message</th></tr>' + rows + '</table><p>Preferred quick fix from <code>textDocument/codeAction</code>: <b>' + esc(title) + '</b></p>'
    + '<p>Completion on a new line: ' + keys.length + ' keys, e.g. <code>' + esc(keys.slice(0, 4).join(', ')) + '</code></p><p>Hover on line 11:</p><pre>' + esc(hover) + '</pre>';
};
window.diagnosticsOf = (uri) => [...window.notes].reverse().find((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri)?.params;
</script>`;

let http: Server;
let context: BrowserContext;
let page: Page;
let profile: string;
let base: string;

async function waitForDiagnostics(uri: string, pred: (d: any[]) => boolean): Promise<any[]> {
  const handle = await page.waitForFunction(
    ({ uri, src }) => {
      const p = (globalThis as any).diagnosticsOf(uri);
      return p && new Function('d', `return (${src})(d)`)(p.diagnostics) ? p.diagnostics : undefined;
    },
    { uri, src: pred.toString() },
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as any[];
}

const request = (method: string, params: unknown): Promise<any> => page.evaluate(([m, p]) => (globalThis as any).request(m, p), [method, params] as const);
const notify = (method: string, params: unknown): Promise<void> => page.evaluate(([m, p]) => (globalThis as any).notify(m, p), [method, params] as const);

describe('web extension: the language server as a web worker in Chromium', { skip: missing, timeout: 60_000 }, () => {
  before(async () => {
    http = createServer((req, res) => {
      if (req.url === '/server.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(readFileSync(WORKER));
      } else if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(PAGE);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'vharden-web-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1200, height: 560 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // the worker may reach nothing but this server
    await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
    await page.goto(base);
    const init = await request('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } }, textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } },
      initializationOptions: {},
    });
    assert.match(init.serverInfo.name, /web/);
    await notify('initialized', {});
  });

  after(async () => {
    await context?.close();
    http?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('a bad .vmx: diagnostics with the rule id and source vharden, a quick fix that removes them, hover, completion', async () => {
    await notify('textDocument/didOpen', { textDocument: { uri: VMX_URI, languageId: 'vmx', version: 1, text: BAD_VMX } });
    const diags = await waitForDiagnostics(VMX_URI, (d) => d.length > 0);
    const clip = diags.filter((d) => d.code === 'VMX-ISO-CLIPBOARD');
    assert.deepEqual(clip.map((d) => d.range.start.line), [10, 11], JSON.stringify(diags));
    assert.ok(diags.every((d) => d.source === 'vharden'));
    assert.match(clip[0].codeDescription.href, /^command:vharden\.showDocumentation/);

    const actions = await request('textDocument/codeAction', { textDocument: { uri: VMX_URI }, range: clip[0].range, context: { diagnostics: [clip[0]] } });
    const fix = actions.find((a: any) => a.kind === 'quickfix' && a.isPreferred && a.edit);
    assert.ok(fix, JSON.stringify(actions.map((a: any) => a.title)));
    const edits = fix.edit.documentChanges[0].edits;
    assert.equal(fix.edit.documentChanges[0].textDocument.uri, VMX_URI);

    const hover = await request('textDocument/hover', { textDocument: { uri: VMX_URI }, position: clip[0].range.start });
    assert.match(hover.contents.value, /VMX-ISO-CLIPBOARD/);
    const lines = BAD_VMX.split('\n');
    const completion = await request('textDocument/completion', { textDocument: { uri: VMX_URI }, position: { line: lines.length - 1, character: 0 } });
    assert.ok((completion.items ?? completion).some((i: any) => i.label.startsWith('isolation.')), 'keys are completed');

    // render what the worker published, then apply the fix as the client would
    const keys = (completion.items ?? completion).map((i: any) => i.label as string);
    const hoverHead = String(hover.contents.value).split('\n').slice(0, 6).join('\n');
    await page.evaluate(([d, title, uri, h, k]) => (globalThis as any).render(d, title, uri, h, k), [diags, fix.title, VMX_URI, hoverHead, keys] as const);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'web-worker-diagnostics.png'), fullPage: true });

    await notify('textDocument/didChange', { textDocument: { uri: VMX_URI, version: 2 }, contentChanges: edits.map((e: any) => ({ range: e.range, text: e.newText })) });
    const after = await waitForDiagnostics(VMX_URI, (d) => !d.some((x: any) => x.code === 'VMX-ISO-CLIPBOARD' && x.range.start.line === 10));
    assert.equal(after.filter((d) => d.code === 'VMX-ISO-CLIPBOARD').length, 1, 'the fixed line no longer reported, the other still is');
  });

  test('cross-file facts across open documents: a code lens counts the guests on a bridge', async () => {
    const ifaces = `${HOST}/network/interfaces`;
    await notify('textDocument/didOpen', { textDocument: { uri: ifaces, languageId: 'debian-interfaces', version: 1, text: IFACES } });
    for (const id of [1, 2]) await notify('textDocument/didOpen', { textDocument: { uri: `${HOST}/pve/qemu-server/10${id}.conf`, languageId: 'proxmox-vm', version: 1, text: VM(id) } });
    await page.waitForFunction((uri) => (globalThis as any).diagnosticsOf(uri), `${HOST}/pve/qemu-server/102.conf`, { timeout: 15_000 });
    const lenses = await request('textDocument/codeLens', { textDocument: { uri: ifaces } });
    assert.deepEqual(lenses.map((l: any) => l.command.title), ['2 guests · not mirrored']);
    assert.deepEqual(await page.evaluate(() => (globalThis as any).errors), []);
  });
});
