import { Worker } from 'node:worker_threads';

/**
 * Ends the language server when its main thread has been stuck for `limitMs` (a request or check
 * that never returns), so the client sees the server exit and restarts it instead of waiting for
 * answers forever. The main thread writes a heartbeat into shared memory every second; a small
 * thread of its own, which keeps running while the main thread is stuck, checks it and, past the
 * limit, writes why to standard error and kills the process.
 */
export function startWatchdog(limitMs: number): { stop(): void } {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const start = Date.now();
  const tick = (): void => {
    Atomics.store(beat, 0, Math.floor((Date.now() - start) / 1000));
  };
  tick();
  const timer = setInterval(tick, 1000);
  timer.unref();
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { beat, start, limitMs } });
  worker.unref();
  return {
    stop() {
      clearInterval(timer);
      void worker.terminate();
    },
  };
}

// The thread's body: plain JavaScript (eval'd), so it needs nothing from the bundle.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { beat, start, limitMs } = workerData;
const wait = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  Atomics.wait(wait, 0, 0, Math.min(1000, limitMs));
  const last = start + Atomics.load(beat, 0) * 1000;
  const stuck = Date.now() - last;
  if (stuck > limitMs + 1000) {
    try { writeSync(2, 'vharden-language-server: the main thread has not answered for ' + Math.round(stuck / 1000) + ' s (limit ' + Math.round(limitMs / 1000) + ' s); exiting so the client restarts the server.\\n'); } catch {}
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

/** The stuck-time limit: VHARDEN_WATCHDOG_MS when set (tests, debugging; 0 turns it off), else 60 s. */
export function watchdogLimit(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.VHARDEN_WATCHDOG_MS);
  return env.VHARDEN_WATCHDOG_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : 60_000;
}
