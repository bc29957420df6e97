import { Worker } from 'node:worker_threads';
import { lintFile, type LintInput } from '../engine/engine';

/** What the engine gives for one file: its findings and, for fabric formats, facts for the project rules. */
export type Linted = ReturnType<typeof lintFile>;

/** Texts longer than this (UTF-16 code units) are linted off the main thread. */
export const OFFLOAD_CHARS = 256 * 1024;

/** How long the worker thread may sit idle after workspace indexing before it is let go. */
const IDLE_MS = 1000;

/** What a worker thread receives and answers. */
export interface WorkerJob {
  id: number;
  input: LintInput;
}
export interface WorkerAnswer {
  id: number;
  linted: Linted;
}

interface Job {
  id: number;
  uri: string;
  input: LintInput;
  timeMs: number;
  /** workspace indexing: waits behind open documents */
  background: boolean;
  resolve: (r: Linted | undefined) => void;
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

  /** Without a worker script (tests, embedding), everything runs on the calling thread. */
  constructor(private readonly workerScript?: string, private readonly workerData?: unknown) {}

  /** The result, or undefined when the job was cancelled. `background` jobs (workspace indexing) queue behind the others. */
  lint(uri: string, input: LintInput, timeMs: number, background = false): Promise<Linted | undefined> {
    if (!this.workerScript || input.text.length <= OFFLOAD_CHARS || input.skipReason || input.text.length > input.config.maxFileSize) return Promise.resolve(lintFile(input));
    this.cancel(uri);
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, uri, input, timeMs, background, resolve };
      const firstBackground = this.queue.findIndex((j) => j.background);
      if (background || firstBackground < 0) this.queue.push(job);
      else this.queue.splice(firstBackground, 0, job);
      this.pump();
    });
  }

  /** Drop queued and running work for `uri` (its document changed or closed). */
  cancel(uri: string): void {
    for (const job of this.queue.filter((j) => j.uri === uri)) job.resolve(undefined);
    this.queue = this.queue.filter((j) => j.uri !== uri);
    if (this.running?.uri === uri) this.stopRunning(undefined);
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
    const timer = setTimeout(() => {
      const ms = job.timeMs;
      this.stopRunning(lintFile({ ...job.input, skipReason: `Checking this file took longer than ${ms} ms (setting vharden.maxFileTimeMs); it was stopped and not checked.` }));
    }, job.timeMs);
    this.running = { ...job, timer };
    worker.postMessage({ id: job.id, input: job.input } satisfies WorkerJob);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript!, { workerData: this.workerData });
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => {
      const job = this.running;
      if (!job || job.id !== answer.id) return;
      clearTimeout(job.timer);
      this.running = undefined;
      job.resolve(answer.linted);
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
    job.resolve(lintFile({ ...job.input, skipReason: `This file was not checked: ${why}.` }));
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
  private stopRunning(result: Linted | undefined): void {
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
