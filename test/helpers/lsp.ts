import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

/** A real JSON-RPC client talking to `node dist/server.js --stdio`. */
export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly shown: string[] = [];
  /** every publishDiagnostics received, in order */
  readonly published: PublishDiagnosticsParams[] = [];
  /** capabilities the server registered dynamically (method names) */
  readonly registered: string[] = [];
  /** what workspace/configuration answers for section `vharden` (with `configuration: true` in initialize) */
  settings: unknown = {};
  /** progress the server started (with `progress: true` in initialize): token → its reports */
  readonly progress = new Map<string | number, { kind: string; title?: string }[]>();
  private progressDone: (() => void)[] = [];
  /** other notifications received, by method */
  readonly notifications: { method: string; params: any }[] = [];
  stderr = '';

  /** `wrapper` runs the server under another command, e.g. ['unshare', '-n']. */
  constructor(args: string[] = ['--stdio'], wrapper: string[] = []) {
    const argv = [...wrapper, process.execPath, SERVER, ...args];
    this.proc = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.onRequest('window/showDocument', (p: { uri: string }) => {
      this.shown.push(p.uri);
      return { success: true };
    });
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      for (const r of p.registrations) this.registered.push(r.method);
      return null;
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progress.set(p.token, []);
      return null;
    });
    this.conn.onNotification('$/progress', (p: { token: string | number; value: { kind: string; title?: string } }) => {
      this.progress.get(p.token)?.push(p.value);
      if (p.value.kind === 'end') for (const w of this.progressDone.splice(0)) w();
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('vharden/status', (params: unknown) => this.notifications.push({ method: 'vharden/status', params }));
    this.conn.listen();
  }

  /** `capabilities.workspace` extras, e.g. `{ configuration: true, workspaceEdit: { documentChanges: true } }` */
  async initialize(initializationOptions: unknown = {}, workspaceFolders: string[] = [], workspace: Record<string, unknown> = {}, progress = false): Promise<any> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: workspaceFolders[0] ?? null,
      workspaceFolders: workspaceFolders.length ? workspaceFolders.map((uri) => ({ uri, name: uri })) : null,
      capabilities: { window: { showDocument: { support: true }, workDoneProgress: progress }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, ...workspace } },
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Resolves once a progress the server started has ended (workspace indexing; needs `progress` in initialize). */
  progressEnded(timeoutMs = 30_000): Promise<void> {
    if ([...this.progress.values()].some((r) => r.some((v) => v.kind === 'end'))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress ended within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.progressDone.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Resolves with the next diagnostics for `uri` that satisfy `pred` (or the current ones, if they already do). */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const current = this.diagnostics.get(uri);
    if (current && pred(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  /** Resolves with the first diagnostics for `uri` published after `from` (an index into `published`) that satisfy `pred`. */
  async waitForPublish(uri: string, pred: (p: PublishDiagnosticsParams) => boolean, from: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.published.slice(from).find((p) => p.uri === uri && pred(p));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri} published within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    this.diagnostics.delete(uri);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  closeDocument(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** workspace/didChangeWatchedFiles: type 1 created, 2 changed, 3 deleted */
  filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<any[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  async close(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Apply LSP TextEdits (full-document positions) to text. */
export function applyLspEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (p.line >= lineStarts.length ? text.length : Math.min(lineStarts[p.line]! + p.character, text.length));
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
