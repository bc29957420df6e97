import { parentPort } from 'node:worker_threads';
import { lintText } from '../engine/engine';
import type { WorkerAnswer, WorkerJob } from './runner';

/** Body of the worker thread that lints large files for the language server. */
export function runLintWorker(): void {
  parentPort?.on('message', (job: WorkerJob) => {
    parentPort!.postMessage({ id: job.id, result: lintText(job.input) } satisfies WorkerAnswer);
  });
}
