// Small helpers shared by the benchmark scripts: timing, statistics, child processes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO, 'dist', 'cli.js');
export const SERVER = join(REPO, 'dist', 'server.js');
export const EXTENSION = join(REPO, 'dist', 'extension.js');
// BENCH_CORPUS names the corpus where the checkout is not beside it (a git worktree elsewhere)
export const CORPUS = process.env.BENCH_CORPUS ?? join(REPO, '..', 'shared', 'corpus');
const RSS_PRELOAD = fileURLToPath(new URL('./rss.cjs', import.meta.url));

export function median(xs) {
  return quantile(xs, 0.5);
}

/** Nearest-rank quantile. */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/**
 * Interleaved pairs: `n` rounds of `a` and `b` (each goes first every other round), so load from
 * other processes on the machine hits both sides alike. Each side returns `{ ms }`; each pair
 * carries the ratio a / b.
 */
export function pairs(n, a, b) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let x;
    let y;
    if (i % 2 === 0) {
      x = a();
      y = b();
    } else {
      y = b();
      x = a();
    }
    out.push({ a: x, b: y, ratio: x.ms / y.ms });
  }
  return out;
}

export function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Run `node --require rss.cjs ARGS` and return wall time (ms), peak RSS (MB), exit code and stdout.
 * The child is started with spawnSync, so the wall time includes Node's start-up, as a user sees it.
 */
export function timedNode(args, options = {}) {
  const dir = tempDir('vh-rss-');
  const rssFile = join(dir, 'rss');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', RSS_PRELOAD, ...args], { env: { ...process.env, VH_BENCH_RSS_FILE: rssFile }, maxBuffer: 1 << 30, ...options });
  const ms = performance.now() - t0;
  let rssMb = NaN;
  let cpuMs = NaN;
  try {
    const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
    rssMb = usage.maxRssKb / 1024;
    cpuMs = usage.cpuMs;
  } catch {
    /* the child died before writing it */
  }
  rmSync(dir, { recursive: true, force: true });
  const timedOut = r.error?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  return { ms, rssMb, cpuMs, status: r.status, timedOut, stdout: r.stdout, stderr: String(r.stderr ?? '') };
}

/** Wall time of any command (ms), started the same way as timedNode. */
export function timedCommand(cmd, args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30, ...options });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: String(r.stderr ?? '') };
}

const DROP_CACHE = fileURLToPath(new URL('./drop-cache.py', import.meta.url));

/**
 * Drop the page cache of these files and folders (every file under them), so the next read comes
 * from the disk. Returns false when it cannot (no python3): cold figures are not measured then.
 */
export function dropFileCache(paths) {
  const r = spawnSync('python3', [DROP_CACHE, ...paths], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return r.status === 0 && Number(r.stdout) > 0;
}

export function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Resident set size of a running process, MB, from /proc (Linux); `peak` gives the high-water mark. */
export function rssOf(pid, peak = false) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = (peak ? /VmHWM:\s+(\d+)\s+kB/ : /VmRSS:\s+(\d+)\s+kB/).exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Time from spawning a process to its first byte on stdout (ms). */
export function timeToFirstOutput(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.once('data', () => {
      resolve(performance.now() - t0);
      p.kill();
    });
    p.on('error', reject);
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/**
 * Waits until a process has used no CPU for `quietMs`; resolves with the time (performance.now)
 * its CPU use last grew, and the CPU time it used since the call.
 */
export async function untilIdle(pid, quietMs = 300, pollMs = 20) {
  const start = cpuMsOf(pid);
  let last = start;
  let lastBusy = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, pollMs));
    const now = cpuMsOf(pid);
    if (now > last) {
      last = now;
      lastBusy = performance.now();
    } else if (performance.now() - lastBusy >= quietMs) {
      return { busyUntil: lastBusy, cpuMs: last - start };
    }
  }
}
