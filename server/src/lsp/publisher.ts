import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Session } from '../engine/session';
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol';
import { dataFiles } from '../engine/data-files';
import { toDiagnostic } from './diagnostics';

/**
 * Sends diagnostics to the client, one file at a time, always from the session's current state.
 * A file asked for again before it was sent is sent once, with its latest findings (so a storm of
 * edits never queues outdated diagnostics), and the next message waits until the transport has
 * written the previous one, so a client that stops reading holds up at most one message per file
 * here instead of an ever-growing output buffer.
 */
export class Publisher {
  private readonly pending = new Set<string>();
  private running = false;
  private readonly uris = new Map<string, string>();
  /** paths whose last publish had diagnostics (cleared ones are sent once more, empty) */
  private readonly shown = new Set<string>();
  /** called when everything queued has been sent (the server refreshes code lenses then) */
  onDrained?: () => void;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly session: Session,
    /** what an untrusted workspace did not apply for a file, for the status item */
    private readonly restrictedOf: (path: string) => string[] = () => [],
    /** the `file:` URI of an absolute path that no document was opened under (the Node server: pathToFileURL) */
    private readonly fileUri: (path: string) => string = (path) => path,
  ) {}

  /** Remember the URI a path was opened under (it may differ from the path's file: URI). */
  noteUri(path: string, uri: string): void {
    this.uris.set(path, uri);
  }

  uriOf(path: string): string {
    return this.uris.get(path) ?? (path.startsWith('/') ? this.fileUri(path) : path);
  }

  /** Queue files whose findings changed. */
  publish(paths: Iterable<string>): void {
    for (const p of paths) this.pending.add(p);
    if (!this.running) void this.drain();
  }

  /** Resolves once everything queued so far has been written. */
  async idle(): Promise<void> {
    while (this.running || this.pending.size) await new Promise((r) => setTimeout(r, 0));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.size) {
        const path = this.pending.values().next().value as string;
        this.pending.delete(path);
        await this.send(path);
      }
    } finally {
      this.running = false;
    }
    this.onDrained?.();
  }

  private async send(path: string): Promise<void> {
    const uri = this.uriOf(path);
    const doc = this.documents.get(uri);
    // an open document shows all its findings; a file that is not open, the cross-file ones only
    const all = !this.session.has(path) ? [] : doc ? this.session.findings(path) : this.session.crossFileFindings(path);
    const findings = all.filter((f) => !f.suppressed);
    // a document's diagnostics carry the version they were computed for; older ones are never sent
    const version = doc ? this.session.versionOf(path) : undefined;
    if (doc && version !== undefined && version !== doc.version) return;
    if (!findings.length && !this.shown.has(path) && !doc) return;
    if (findings.length) this.shown.add(path);
    else this.shown.delete(path);
    try {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(f, doc)) });
      if (doc) {
        const status: StatusParams = { uri, findings: findings.length, format: this.session.ownResult(path)?.format ?? null, restricted: this.restrictedOf(path), data: dataFiles().map((d) => `${d.name}: ${d.date}${d.source ? ` (${d.source})` : ''}`) };
        await this.connection.sendNotification(STATUS_NOTIFICATION, status);
      }
    } catch {
      /* the connection is closing */
    }
  }
}
