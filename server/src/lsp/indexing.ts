import { basename } from 'node:path';
import { BASELINE_FILE_NAME } from '../engine/baseline';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import { scanRoots, walk } from '../node/files';
import { diskAnswer, diskInput, type DiskAnswer, type DiskJob } from './disk-check';
import { QuietCollector } from './memory';
import type { Publisher } from './publisher';
import type { LintRunner } from './runner';
import { maxFileTimeMs } from './settings';
import type { EditorWorkspace } from './workspace';

/**
 * Files of the workspace that are not open: read from disk for the cross-file checks (switches,
 * guest ports and mirrors), with the same time budget and worker thread as open documents. The
 * session keeps a disk file only when it contributes cross-file facts, so memory follows the
 * switch fabric, not the workspace size; the cross-file findings reported in those files are
 * published (their own findings appear when they are opened). Indexing (every file of the folders)
 * reads and checks the files on the worker thread, which is let go when it is done, so the memory
 * the engine used for them is given back (and the server's own heap once it is quiet, see
 * `QuietCollector`); a single file (changed on disk, closed) is read here.
 */
export class DiskFiles {
  /** gives back the heap indexing grew, once the server is quiet */
  private readonly quiet = new QuietCollector();

  constructor(
    private readonly workspace: EditorWorkspace,
    private readonly runner: LintRunner,
    private readonly publisher: Publisher,
    private readonly isOpen: (path: string) => boolean,
  ) {}

  /**
   * Read every file of the workspace folders, yielding to the event loop between files; the
   * cross-file scopes are judged once, when every file is in.
   */
  async indexFolders(isCancelled: () => boolean = () => false): Promise<number> {
    let n = 0;
    const session = this.workspace.session;
    session.hold();
    try {
      for (const path of walk(this.workspace.folders, [], scanRoots(this.workspace.folders))) {
        if (isCancelled()) break;
        if (!this.isOpen(path)) await this.read(path, true);
        if (++n % 20 === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.runner.letGo();
      this.publisher.publish(session.release());
      this.quiet.schedule();
    }
    return n;
  }

  /**
   * (Re)read one file from disk into the session, unless it is open (the document wins); `indexing`:
   * on the worker thread (see the class).
   */
  async read(path: string, indexing = false): Promise<void> {
    if (this.isOpen(path)) return;
    const settings = this.workspace.settingsOf(path);
    if (settings.ignored) return this.forget(path);
    // links leaving the workspace folders are not read (no folders: a single file, read as it is)
    const folders = this.workspace.folders;
    const session = this.workspace.session;
    const job: DiskJob = { path, config: settings.config, within: folders.length ? scanRoots(folders) : undefined, hostEvidence: session.hostEvidence(settings.scope), moduleValues: session.moduleValues(path) };
    const timeMs = maxFileTimeMs(this.workspace.clientSettings(path));
    const answer = indexing ? await this.runner.check(`disk:${path}`, job, timeMs) : await this.checkHere(job, timeMs);
    if (!answer || this.isOpen(path)) return;
    if (!answer.read) return this.forget(path);
    // kept only when it takes part in the cross-file checks (see `takesPartAcrossFiles`)
    const linted = answer.linted;
    if (!linted && !session.has(path)) return;
    this.publisher.publish(linted ? session.record(path, linted, settings) : session.remove(path));
  }

  /** Read a disk file on this thread and check it (a large one on the worker thread); undefined when cancelled. */
  private async checkHere(job: DiskJob, timeMs: number): Promise<DiskAnswer | undefined> {
    const input = diskInput(job);
    if (!input) return { read: false, chars: 0 };
    const linted = await this.runner.lint(`disk:${job.path}`, input, timeMs, true);
    return linted && diskAnswer(input, linted);
  }

  /** A file is gone from disk (or from what vharden reads). */
  forget(path: string): void {
    this.runner.cancel(`disk:${path}`);
    this.publisher.publish(this.workspace.session.remove(path));
  }

  /** Files changed on disk (watched): configuration files change everything, others themselves. */
  async changed(changes: { path: string; deleted: boolean }[]): Promise<'all' | 'some'> {
    if (changes.some((c) => basename(c.path) === CONFIG_FILE_NAME || basename(c.path) === BASELINE_FILE_NAME)) return 'all';
    for (const c of changes) {
      if (this.isOpen(c.path)) continue;
      if (c.deleted) this.forget(c.path);
      else await this.read(c.path);
    }
    return 'some';
  }

  /** Re-read every disk file the session holds (settings or configuration changed). */
  async rereadAll(): Promise<void> {
    try {
      for (const path of [...this.workspace.session.paths()]) if (!this.isOpen(path)) await this.read(path, true);
    } finally {
      this.runner.letGo();
      this.quiet.schedule();
    }
  }
}
