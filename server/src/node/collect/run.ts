import { spawn } from 'node:child_process';

export interface Ran {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** the program could not be started (ENOENT: not installed) */
  startError?: NodeJS.ErrnoException;
}

/**
 * Run a program without a shell; `input` goes to its standard input (else none). Output beyond
 * `maxBytes` stops the program. Never throws: the caller judges code, output and start error.
 */
export function runProgram(
  program: string,
  args: string[],
  opts: { env: Record<string, string | undefined>; signal?: AbortSignal; timeoutMs?: number; maxBytes?: number; input?: string },
): Promise<Ran> {
  const max = opts.maxBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(opts.env).filter((e): e is [string, string] => e[1] !== undefined));
    const child = spawn(program, args, { env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], signal: opts.signal, timeout: opts.timeoutMs ?? 120_000 });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    let tooLarge = false;
    child.stdout!.on('data', (b: Buffer) => {
      size += b.length;
      if (size > max) {
        tooLarge = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(b);
    });
    child.stderr!.on('data', (b: Buffer) => {
      if (err.length < 65536) err += b.toString('utf8');
    });
    let done = false;
    const finish = (r: Ran) => {
      if (!done) resolve(r);
      done = true;
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (child.pid === undefined) finish({ code: null, stdout: Buffer.alloc(0), stderr: '', startError: e });
    });
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(opts.input);
    }
    child.on('close', (code) => {
      if (tooLarge) err += `\noutput larger than ${max} bytes: stopped`;
      finish({ code: tooLarge ? null : code, stdout: Buffer.concat(out), stderr: err.trim() });
    });
  });
}
