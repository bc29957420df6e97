// A JSON-RPC client for `node dist/server.js --stdio`, for timing what an editor sees.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';
import { SERVER } from './lib.mjs';

export class Server {
  /**
   * `script`: another server to start (yaml-ls.cjs); `settings`: section → value answers to
   * workspace/configuration; `unversioned`: the server publishes diagnostics without a version, so
   * the next publish for a document after a change is its answer.
   */
  constructor(args = ['--stdio'], { script = SERVER, settings = {}, unversioned = false } = {}) {
    this.t0 = performance.now();
    this.unversioned = unversioned;
    // BENCH_SERVER_FLAGS: Node flags for the server (`--cpu-prof --cpu-prof-dir=…` to profile what a row measures)
    const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...flags, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
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
        if (w.uri !== p.uri || (w.version !== undefined && !this.unversioned && p.version !== w.version)) return true;
        w.resolve(at);
        return false;
      });
    });
    this.conn.onNotification('vharden/status', (p) => this.formats.set(p.uri, p.format));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((item) => settings[item.section] ?? null));
    this.conn.onNotification('telemetry/event', () => undefined);
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
    if (have && !this.unversioned && (version === undefined || have.version === version)) return Promise.resolve(have.at);
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
export async function changeLatencies(server, docs, changes, { settle = false } = {}) {
  const state = [];
  for (const d of docs) {
    const srv = d.server ?? server;
    srv.latest.delete(d.uri);
    const opened = srv.diagnostics(d.uri, 1);
    await srv.open(d.uri, d.languageId, d.text, 1);
    await opened;
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
      // waited for before the change is sent: a server that publishes without a version answers with its next publish
      s.srv.latest.delete(s.d.uri);
      if (settle) await quiet(state.map((x) => x.srv));
      const done = s.srv.diagnostics(s.d.uri, k + 2);
      const t0 = performance.now();
      await s.srv.changeLine(s.d.uri, k + 2, line, current.length, next);
      const at = await done;
      s.latencies.push(at - t0);
      s.lines[line] = next;
    }
  }
  return state.map((s) => ({ latencies: s.latencies, format: s.srv.formats.get(s.d.uri) ?? null, findings: s.srv.latest.get(s.d.uri)?.count ?? 0 }));
}

/**
 * The same, for documents on several servers (`targets`: { server, doc }): ours and another
 * language server given the same document and the same edits, one after the other per edit. Each
 * edit is sent once every server has been quiet for a while (`quiet`): what a server does after it
 * has published (collecting the garbage of a full parse on its own threads) would otherwise be
 * measured as the other server's latency, on a 2-core machine.
 */
export function interleavedChangeLatencies(targets, changes) {
  return changeLatencies(undefined, targets.map(({ server, doc }) => ({ ...doc, server })), changes, { settle: true });
}

/** CPU time (clock ticks, all threads) a process has used; undefined where /proc does not say. */
function cpuTicks(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return undefined;
  const f = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Resolves once none of the servers has used CPU for 40 ms (4 clock ticks), or after a second. */
async function quiet(servers, quietMs = 40, maxMs = 1000) {
  const pids = [...new Set(servers.map((s) => s.proc.pid))];
  const start = performance.now();
  let last = pids.map(cpuTicks);
  if (last.some((t) => t === undefined)) return;
  let since = performance.now();
  while (performance.now() - since < quietMs && performance.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 5));
    const now = pids.map(cpuTicks);
    if (now.some((t, i) => t !== last[i])) {
      last = now;
      since = performance.now();
    }
  }
}
