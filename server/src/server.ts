#!/usr/bin/env node
import { isMainThread, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runLintWorker } from './lsp/lint-worker';
import { tuneV8ForKeystrokes } from './lsp/memory';
import { startServer } from './lsp/server';

const LINT_WORKER = 'vharden-lint-worker';

if (!isMainThread && workerData === LINT_WORKER) {
  // This same file, started as a worker thread by the server, lints large files off the main thread.
  runLintWorker();
} else {
  // `vharden-language-server --stdio` (also --node-ipc / --socket=N, as vscode-languageserver reads them)
  if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    process.argv.push('--stdio');
  }
  tuneV8ForKeystrokes();
  startServer(createConnection(ProposedFeatures.all), { workerScript: __filename, workerData: LINT_WORKER });
}
