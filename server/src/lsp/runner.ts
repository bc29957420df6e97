import { Worker } from 'node:worker_threads';
import type { EffectiveConfig } from '../engine/config';
import { fixAll, lintFile, type LintInput } from '../engine/engine';
import { checkDiskFile, type DiskAnswer, type DiskJob, type Linted } from './disk-check';

/** What the engine gives for one file: its findings and, for fabric formats, facts for the cross-file rules. */
export type { Linted };
/** What fix-all gives: the text with every safe fix applied, and how many were. */
export type Fixed = ReturnType<typeof fixAll>;

/** Texts longer than this (UTF-16 code units) are linted off the main thread. */
export const OFFLOAD_CHARS = 256 * 1024;

/** How long the worker thread may sit idle after workspace indexing before it is let go. */
const IDLE_MS = 1000;

/**
 * An indexing job over a text longer than this ends its worker thread at once: the thread's heap
 * grew to that file, and the next large file would add its own on top (four hostile files in one
 * workspace reached 400 MB; one fresh thread per large file keeps the peak near the largest alone).
 */
export const RETIRE_AFTER_CHARS = 1024 * 1024;

/**
 * What a worker thread receives and answers: a lint (the default), a fix-all, or a disk file to read
 * and check (`check`, workspace indexing). `shared` names the configuration's data objects the
 * thread was sent before (see `packConfig`).
 */
export interface WorkerJob {
  id: number;
  kind?: JobKind;
  input?: LintInput;
  disk?: DiskJob;
  shared?: SharedIds;
}
export interface WorkerAnswer {
  id: number;
  linted?: Linted;
  fixed?: Fixed;
  checked?: DiskAnswer;
}

type JobKind = 'lint' | 'fixAll' | 'check';

/** The data a configuration may carry (advisories, installed guest and hypervisor data), large and the same for every file. */
const SHARED_KEYS = ['advisories', 'guests', 'hypervisors'] as const;
type SharedIds = Partial<Record<(typeof SHARED_KEYS)[number], number>>;

/** A worker thread's side of `packConfig`: put back the data objects it was sent before, and remember new ones. */
export function unpackConfig(config: EffectiveConfig, shared: SharedIds | undefined, known: Map<number, unknown>): EffectiveConfig {
  if (!shared) return config;
  const out: Record<string, unknown> = { ...config };
  for (const key of SHARED_KEYS) {
    const id = shared[key];
    if (id === undefined) continue;
    if (out[key] !== undefined) known.set(id, out[key]);
    else out[key] = known.get(id);
  }
  return out as unknown as EffectiveConfig;
}

interface Job {
  id: number;
  kind: JobKind;
  uri: string;
  /** lint and fixAll: the text; check: the file to read */
  input?: LintInput;
  disk?: DiskJob;
  timeMs: number;
  /** workspace indexing: waits behind open documents */
  background: boolean;
  resolve: (r: WorkerAnswer | undefined) => void;
}

/**
 * Runs the engine for the language server so that one slow file cannot hold up the others.
 * Small texts are linted at once on the main thread (the fast, common case). Large ones go, one at a
 * time, to a worker thread: the main thread keeps answering and linting small files meanwhile; a job
 * that runs past its time budget is stopped (the worker is terminated) and reported as skipped; a job
 * whose document changed is cancelled, queued or running.
 */
export class LintRunner {
  private worker: Worker | undefined;
  private running: (Job & { timer: NodeJS.Timeout }) | undefined;
  private queue: Job[] = [];
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;
  /** data objects of configurations (see `packConfig`) by number, and those the current worker thread has */
  private readonly sharedIds = new WeakMap<object, number>();
  private sentShared = new Set<number>();

  /** Without a worker script (tests, embedding), everything runs on the calling thread. */
  constructor(private readonly workerScript?: string, private readonly workerData?: unknown) {}

  /** The result, or undefined when the job was cancelled. */
  async lint(uri: string, input: LintInput, timeMs: number, background = false): Promise<Linted | undefined> {
    if (!this.offloads(input)) return lintFile(input);
    return (await this.submit('lint', uri, { input }, timeMs, background))?.linted;
  }

  /**
   * Read a file of the workspace from disk and check it, on the worker thread (workspace indexing:
   * the engine's memory for all those files is given back when the thread goes, see `letGo`);
   * undefined when cancelled. Past the time budget, or if the thread fails, the file counts as read
   * and taking no part in the cross-file checks.
   */
  async check(uri: string, job: DiskJob, timeMs: number): Promise<DiskAnswer | undefined> {
    if (!this.workerScript) return checkDiskFile(job);
    return (await this.submit('check', uri, { disk: job }, timeMs, true))?.checked;
  }

  /** Workspace indexing is done: end the worker thread now if it has nothing to do (the next large file starts a new one). */
  letGo(): void {
    if (!this.worker || this.running || this.queue.length) return;
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }

  /**
   * Every safe fix applied to the text (as `source.fixAll` and fix-on-save want), off the main thread
   * for large texts; undefined when cancelled or past the time budget (nothing is changed then).
   */
  async fixAll(uri: string, input: LintInput, timeMs: number): Promise<Fixed | undefined> {
    if (!this.offloads(input)) return fixAll(input);
    return (await this.submit('fixAll', uri, { input }, timeMs))?.fixed;
  }

  private offloads(input: LintInput): boolean {
    return !!this.workerScript && input.text.length > OFFLOAD_CHARS && !input.skipReason && input.text.length <= input.config.maxFileSize;
  }

  /** Queue a job; `background` ones (workspace indexing) wait behind the others. */
  private submit(kind: JobKind, uri: string, work: { input?: LintInput; disk?: DiskJob }, timeMs: number, background = false): Promise<WorkerAnswer | undefined> {
    this.cancel(uri, kind);
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, kind, uri, ...work, timeMs, background, resolve };
      const firstBackground = this.queue.findIndex((j) => j.background);
      if (background || firstBackground < 0) this.queue.push(job);
      else this.queue.splice(firstBackground, 0, job);
      this.pump();
    });
  }

  /** Drop queued and running work for `uri` (its document changed or closed), of one kind or all. */
  cancel(uri: string, kind?: JobKind): void {
    const hit = (j: Job) => j.uri === uri && (!kind || j.kind === kind);
    for (const job of this.queue.filter(hit)) job.resolve(undefined);
    this.queue = this.queue.filter((j) => !hit(j));
    if (this.running && hit(this.running)) this.stopRunning(undefined);
  }

  /** Settle every job as cancelled and stop the worker thread. */
  dispose(): void {
    for (const job of this.queue) job.resolve(undefined);
    this.queue = [];
    this.stopRunning(undefined);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.stopRunning(notChecked(job, `Checking this file took longer than ${job.timeMs} ms (setting vharden.maxFileTimeMs); it was stopped and not checked.`)), job.timeMs);
    this.running = { ...job, timer };
    worker.postMessage(this.message(job));
  }

  /** The job as the worker thread receives it, its configuration's data objects sent only the first time. */
  private message(job: Job): WorkerJob {
    const shared: SharedIds = {};
    const input = job.input && { ...job.input, config: this.packConfig(job.input.config, shared) };
    const disk = job.disk && { ...job.disk, config: this.packConfig(job.disk.config, shared) };
    return { id: job.id, kind: job.kind, input, disk, shared: Object.keys(shared).length ? shared : undefined };
  }

  /**
   * The configuration as the current worker thread receives it: each data object it was sent before
   * is left out and named by number in `shared` (the thread puts it back, see `unpackConfig`).
   */
  private packConfig(config: EffectiveConfig, shared: SharedIds): EffectiveConfig {
    const out: Record<string, unknown> = { ...config };
    for (const key of SHARED_KEYS) {
      const data = config[key];
      if (!data) continue;
      let id = this.sharedIds.get(data);
      if (id === undefined) this.sharedIds.set(data, (id = this.nextId++));
      shared[key] = id;
      if (this.sentShared.has(id)) out[key] = undefined;
      else this.sentShared.add(id);
    }
    return out as unknown as EffectiveConfig;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript!, { workerData: this.workerData });
    this.sentShared = new Set();
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => {
      const job = this.running;
      if (!job || job.id !== answer.id) return;
      clearTimeout(job.timer);
      this.running = undefined;
      job.resolve(answer);
      if (job.background && (job.input?.text.length ?? answer.checked?.chars ?? 0) > RETIRE_AFTER_CHARS) {
        this.worker = undefined;
        void worker.terminate();
        this.pump();
        return;
      }
      // after indexing, once idle for a moment, let the thread go: its heap grew to the largest file
      // it read and would stay that size (a new thread starts for the next large file)
      if (job.background && this.queue.length === 0) this.retireWhenIdle(worker);
      this.pump();
    });
    worker.on('error', (err) => this.workerGone(`the checking thread failed: ${err.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.workerGone('the checking thread stopped');
    });
    return (this.worker = worker);
  }

  private workerGone(why: string): void {
    this.worker = undefined;
    const job = this.running;
    if (!job) return;
    clearTimeout(job.timer);
    this.running = undefined;
    // a disk file the thread could not check is checked here when it is small enough to be linted here anyway
    job.resolve(job.kind === 'check' ? { id: job.id, checked: checkDiskFile(job.disk!, OFFLOAD_CHARS) } : notChecked(job, `This file was not checked: ${why}.`));
    this.pump();
  }

  private retireWhenIdle(worker: Worker): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.worker !== worker || this.running || this.queue.length) return;
      this.worker = undefined;
      void worker.terminate();
    }, IDLE_MS);
    this.idle.unref();
  }

  /** Terminate the worker (the only way to stop synchronous engine code) and settle the running job. */
  private stopRunning(result: WorkerAnswer | undefined): void {
    const job = this.running;
    if (!job) return;
    clearTimeout(job.timer);
    this.running = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    job.resolve(result);
    setImmediate(() => this.pump());
  }
}

/** The answer for a job stopped on the worker thread: a lint reports why the file was not checked; a disk file takes no part; a fix-all changes nothing. */
function notChecked(job: Job, why: string): WorkerAnswer | undefined {
  if (job.kind === 'lint' && job.input) return { id: job.id, linted: lintFile({ ...job.input, skipReason: why }) };
  if (job.kind === 'check') return { id: job.id, checked: { read: true, chars: 0 } };
  return undefined;
}
