import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileResult, LintInput, fixAll, lintFile } from '../engine/engine';
import type { FileSettings, Session } from '../engine/session';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import { formatForDocument } from '../catalog';
import type { Format } from '../engine/types';
import type { Publisher } from './publisher';
import { maxFileTimeMs, type ClientSettings } from './settings';
import { baseName, pathOf } from './uri';

/** What validation needs of the workspace: the Node server's EditorWorkspace, or the web worker's open documents. */
export interface LintWorkspace {
  readonly session: Session;
  readonly folders: string[];
  /** the settings the session lints a file with */
  settingsOf(path: string): FileSettings;
  /** the `vharden.*` settings that apply to a path */
  clientSettings(path: string): ClientSettings;
}

/** What runs the engine: the Node server's LintRunner (large files on a worker thread), or the web worker's in-thread one. */
export interface Runner {
  /** the result, or undefined when the job was cancelled */
  lint(uri: string, input: LintInput, timeMs: number, background?: boolean): Promise<ReturnType<typeof lintFile> | undefined>;
  fixAll(uri: string, input: LintInput, timeMs: number): Promise<ReturnType<typeof fixAll> | undefined>;
  cancel(uri: string, kind?: 'lint' | 'fixAll'): void;
  dispose(): void;
}

/** How long to wait after a keystroke, at most; the wait follows how long the file took to check last time. */
const MAX_DEBOUNCE_MS = 300;

interface Pending {
  version: number;
  /** stops the check that is waiting to run */
  stop?: () => void;
  /** callers waiting for this document's next recorded result (hover, code actions) */
  waiters: (() => void)[];
}

/**
 * Run `fn` after `ms`; returns what stops it. With `ms` 0, after the messages already received: the
 * connection handles one message per turn of the event loop (`setImmediate`), so `fn` waits two turns,
 * and a change already read (a burst the client sent faster than checks take) is handled, and stops
 * it, before it runs. Not `setTimeout(fn, 0)`: Node waits at least 1 ms for that, a tenth of a
 * keystroke's check in a 5,000-line playbook. The web worker has no `setImmediate`, and uses the timer.
 */
function later(fn: () => void, ms: number): () => void {
  if (ms === 0 && typeof setImmediate === 'function') {
    let id = setImmediate(() => (id = setImmediate(fn)));
    return () => clearImmediate(id);
  }
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
}

/**
 * Checks open documents: a per-document debounce (none for a change that comes after the previous
 * one's check would have finished, up to MAX_DEBOUNCE_MS in a burst on a slow file, so a burst of
 * keystrokes costs one check),
 * large files off the main thread through the runner, results recorded in the session, and every
 * file whose findings changed (cross-file findings included) handed to the publisher.
 */
export class Validator {
  private readonly pending = new Map<string, Pending>();
  private readonly cost = new Map<string, number>();
  /** when each document last changed (performance.now), to tell a burst of keystrokes from one */
  private readonly changedAt = new Map<string, number>();

  constructor(
    private readonly workspace: LintWorkspace,
    private readonly runner: Runner,
    private readonly publisher: Publisher,
  ) {}

  /** A document was opened or changed: check it soon. `now` skips the debounce (open, save, settings). */
  schedule(doc: TextDocument, now = false): void {
    const uri = doc.uri;
    const prev = this.pending.get(uri);
    prev?.stop?.();
    this.runner.cancel(uri, 'lint'); // work on an older version is stale
    const entry: Pending = { version: doc.version, waiters: prev?.waiters ?? [] };
    this.pending.set(uri, entry);
    entry.stop = later(() => void this.check(doc, entry), now ? 0 : this.delay(uri));
  }

  /**
   * How long a change waits: nothing when the document's previous change came longer ago than its
   * check takes (one keystroke, or typing slower than the file checks); in a burst of changes that
   * come faster, as long as the previous check took (at most MAX_DEBOUNCE_MS), so the burst costs one check.
   */
  private delay(uri: string): number {
    const at = performance.now();
    const last = this.changedAt.get(uri);
    this.changedAt.set(uri, at);
    const cost = this.cost.get(uri) ?? 0;
    if (last === undefined || at - last > cost) return 0;
    return Math.min(MAX_DEBOUNCE_MS, Math.round(cost));
  }

  /** Forget a closed document's pending work. */
  cancel(uri: string): void {
    const p = this.pending.get(uri);
    p?.stop?.();
    this.runner.cancel(uri);
    this.pending.delete(uri);
    this.cost.delete(uri);
    this.changedAt.delete(uri);
    for (const w of p?.waiters ?? []) w();
  }

  /**
   * The document's own result for its current version: the recorded one, or the one being computed
   * (hover and code actions wait for it instead of cancelling it). Undefined when the document
   * changed meanwhile or is not a file vharden reads.
   */
  async current(doc: TextDocument, isCurrent: (doc: TextDocument) => boolean): Promise<FileResult | undefined> {
    const path = pathOf(doc.uri);
    const session = this.workspace.session;
    for (let tries = 0; tries < 3; tries++) {
      if (session.versionOf(path) === doc.version) return session.ownResult(path);
      if (!isCurrent(doc)) return undefined;
      if (!this.pending.has(doc.uri)) this.schedule(doc, true);
      await new Promise<void>((resolve) => this.pending.get(doc.uri)?.waiters.push(resolve) ?? resolve());
    }
    return session.versionOf(path) === doc.version ? session.ownResult(path) : undefined;
  }

  formatOf(doc: TextDocument): Format<any> | undefined {
    return formatForDocument(doc.languageId, pathOf(doc.uri), doc.getText());
  }

  private async check(doc: TextDocument, entry: Pending): Promise<void> {
    const uri = doc.uri;
    if (this.pending.get(uri) !== entry) return;
    entry.stop = undefined;
    const path = pathOf(uri);
    this.publisher.noteUri(path, uri);
    const settings = this.workspace.settingsOf(path);
    const format = this.formatOf(doc);
    const started = performance.now();
    let changed: Set<string>;
    if (!format || settings.ignored || baseName(path) === CONFIG_FILE_NAME) {
      changed = this.workspace.session.record(path, undefined, settings, doc.version);
    } else {
      const timeMs = maxFileTimeMs(this.workspace.clientSettings(path));
      const hostEvidence = this.workspace.session.hostEvidence(settings.scope);
      const moduleValues = this.workspace.session.moduleValues(path);
      const linted = await this.runner.lint(uri, { path, text: doc.getText(), config: settings.config, formatId: format.id, hostEvidence, moduleValues }, timeMs);
      if (!linted || this.pending.get(uri) !== entry) return; // a newer version is on its way, with the waiters
      changed = this.workspace.session.record(path, linted, settings, doc.version);
    }
    this.cost.set(uri, performance.now() - started);
    this.pending.delete(uri);
    changed.add(path);
    this.publisher.publish(changed);
    for (const w of entry.waiters) w();
  }
}
