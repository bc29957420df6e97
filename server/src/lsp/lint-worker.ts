import { parentPort } from 'node:worker_threads';
import { fixAll, lintFile } from '../engine/engine';
import { checkDiskFile } from './disk-check';
import { unpackConfig, type WorkerAnswer, type WorkerJob } from './runner';

/** Body of the worker thread that lints large files and indexes the workspace for the language server. */
export function runLintWorker(): void {
  const shared = new Map<number, unknown>();
  parentPort?.on('message', (job: WorkerJob) => {
    let answer: WorkerAnswer;
    if (job.kind === 'check') answer = { id: job.id, checked: checkDiskFile({ ...job.disk!, config: unpackConfig(job.disk!.config, job.shared, shared) }) };
    else {
      const input = { ...job.input!, config: unpackConfig(job.input!.config, job.shared, shared) };
      answer = job.kind === 'fixAll' ? { id: job.id, fixed: fixAll(input) } : { id: job.id, linted: lintFile(input) };
    }
    parentPort!.postMessage(answer);
  });
}
