// A JSON-RPC client for `node dist/server.js --stdio`, for timing what an editor sees.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';
import { SERVER } from './lib.mjs';

export class Server {
  constructor(args = ['--stdio']) {
    this.t0 = performance.now();
    // BENCH_SERVER_FLAGS: Node flags for the server (`--cpu-prof --cpu-prof-dir=…` to profile what a row measures)
    const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...flags, SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += String(d)));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.latest = new Map();
    this.formats = new Map();
    this.waiters = [];
    /** publishDiagnostics messages received, for every file */
    this.published = 0;
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      this.published++;
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
 * didChange → diagnostics latency of each document, edited in turn (A, B, A, B …, so load hits
 * them alike) `changes` times each. Edit k of a document adds a space at the end of a line picked
 * with a stride through its non-blank lines (so edits spread over the whole document), or removes
 * the space an earlier edit added there. A document with a `server` of its own is edited there
 * (to compare one server against another: a workspace against none).
 */
export async function changeLatencies(server, docs, changes) {
  const state = [];
  for (const d of docs) {
    const srv = d.server ?? server;
    await srv.open(d.uri, d.languageId, d.text, 1);
    await srv.diagnostics(d.uri, 1);
    const lines = d.text.split('\n');
    const editable = lines.map((l, i) => i).filter((i) => /\S/.test(lines[i]) && !lines[i].includes('<?xml'));
    state.push({ d, srv, lines, editable: editable.length ? editable : [0], latencies: [] });
  }
  for (let k = 0; k < changes; k++) {
    for (const s of state) {
      const n = s.editable.length;
      const line = s.editable[(k * 7919) % n];
      const current = s.lines[line];
      const next = current.endsWith(' ') ? current.slice(0, -1) : `${current} `;
      const t0 = performance.now();
      await s.srv.changeLine(s.d.uri, k + 2, line, current.length, next);
      const at = await s.srv.diagnostics(s.d.uri, k + 2);
      s.latencies.push(at - t0);
      s.lines[line] = next;
    }
  }
  return state.map((s) => ({ latencies: s.latencies, format: s.srv.formats.get(s.d.uri) ?? null, findings: s.srv.latest.get(s.d.uri)?.count ?? 0 }));
}
