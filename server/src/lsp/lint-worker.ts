import { parentPort } from 'node:worker_threads';
import { fixAll, lintFile } from '../engine/engine';
import type { WorkerAnswer, WorkerJob } from './runner';

/** Body of the worker thread that lints large files for the language server. */
export function runLintWorker(): void {
  parentPort?.on('message', (job: WorkerJob) => {
    const answer: WorkerAnswer = job.kind === 'fixAll' ? { id: job.id, fixed: fixAll(job.input) } : { id: job.id, linted: lintFile(job.input) };
    parentPort!.postMessage(answer);
  });
}
