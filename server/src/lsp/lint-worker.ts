import { parentPort } from 'node:worker_threads';
import { lintFile } from '../engine/engine';
import type { WorkerAnswer, WorkerJob } from './runner';

/** Body of the worker thread that lints large files for the language server. */
export function runLintWorker(): void {
  parentPort?.on('message', (job: WorkerJob) => {
    parentPort!.postMessage({ id: job.id, linted: lintFile(job.input) } satisfies WorkerAnswer);
  });
}
