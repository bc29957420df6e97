// A JSON-RPC client for `node dist/server.js --stdio`, for timing what an editor sees.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';
import { SERVER } from './lib.mjs';

export class Server {
  constructor(args = ['--stdio']) {
    this.t0 = performance.now();
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += String(d)));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.latest = new Map();
    this.formats = new Map();
    this.waiters = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      this.latest.set(p.uri, { ...p, at, count: p.diagnostics.length });
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || (w.version !== undefined && p.version !== w.version)) return true;
        w.resolve(at);
        return false;
      });
    });
    this.conn.onNotification('vharden/status', (p) => this.formats.set(p.uri, p.format));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('$/progress', () => undefined);
    this.conn.listen();
  }

  get pid() {
    return this.proc.pid;
  }

  async initialize(workspaceFolder, settings = {}) {
    const folders = workspaceFolder ? [{ uri: pathToFileURL(workspaceFolder).href, name: 'corpus' }] : null;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders?.[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities: { workspace: { workspaceFolders: true }, window: { workDoneProgress: false } },
      initializationOptions: { settings },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the time (performance.now) diagnostics for `uri` (at `version`, if given) arrived. */
  diagnostics(uri, version, timeoutMs = 30_000) {
    const have = this.latest.get(uri);
    if (have && (version === undefined || have.version === version)) return Promise.resolve(have.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (at) => { clearTimeout(timer); resolve(at); } });
    });
  }

  open(uri, languageId, text, version = 1) {
    this.latest.delete(uri);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** An incremental change replacing one whole line, as an editor sends it while typing. */
  changeLine(uri, version, line, oldLength, newText) {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: oldLength } }, text: newText }],
    });
  }

  async close() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/**
 * didChange → publishDiagnostics latencies (ms) for `changes` edits of one line of `text`, each
 * waited for before the next. Returns the latencies and the format the server recognised.
 */
export async function changeLatencies(server, uri, languageId, text, changes) {
  await server.open(uri, languageId, text, 1);
  await server.diagnostics(uri, 1);
  const lines = text.split('\n');
  const target = Math.max(0, lines.findIndex((l) => /\S/.test(l) && !l.includes('<?xml')));
  let current = lines[target] ?? '';
  const out = [];
  for (let v = 2; v < changes + 2; v++) {
    // Alternate the edited line between its original text and a copy with a trailing space.
    const next = v % 2 ? lines[target] : `${lines[target]} `;
    const t0 = performance.now();
    await server.changeLine(uri, v, target, current.length, next);
    const at = await server.diagnostics(uri, v);
    out.push(at - t0);
    current = next;
  }
  return { latencies: out, format: server.formats.get(uri) ?? null, findings: server.latest.get(uri)?.count ?? 0 };
}
