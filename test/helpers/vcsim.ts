import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const VCSIM = join(ROOT, '.cache', 'vcsim', 'vcsim');
export const GOVC = join(ROOT, '.cache', 'vcsim', 'govc');

let why: string | undefined | null = null;

/**
 * Why vcsim tests cannot run here, or undefined. Builds vcsim and govc with scripts/vcsim.sh when they
 * are not cached in .cache/vcsim yet (that needs root and Debian's govmomi source package); on CI (CI
 * set) a failed build is a failure, not a skip.
 */
export function vcsimMissing(): string | undefined {
  if (why !== null) return why;
  if (!existsSync(VCSIM) || !existsSync(GOVC)) {
    const r = spawnSync('bash', [join(ROOT, 'scripts', 'vcsim.sh')], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 900_000 });
    if (r.status !== 0 || !existsSync(VCSIM)) {
      const reason = `vcsim could not be built by scripts/vcsim.sh: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`;
      if (process.env.CI) throw new Error(reason);
      return (why = reason);
    }
  }
  return (why = undefined);
}

export interface Sim {
  /** https://127.0.0.1:PORT/sdk, without credentials */
  url: string;
  user: string;
  password: string;
  /** the PEM certificate the simulator serves (its own CA: self-signed for 127.0.0.1) */
  caFile: string;
  /** runs govc against the simulator (trusting its certificate) and returns its output */
  govc(...args: string[]): string;
  stop(): Promise<void>;
}

/** A throwaway self-signed certificate for 127.0.0.1 (and localhost). */
function certificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/**
 * Starts vcsim on 127.0.0.1 (a free port) with a user and password; `esx` simulates a standalone ESXi host,
 * `load` starts from a model folder written by `govc object.save` (vcsim -load).
 */
export async function startVcsim(opts: { esx?: boolean; user?: string; password?: string; load?: string } = {}): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-vcsim-'));
  const user = opts.user ?? 'auditor@vsphere.local';
  const password = opts.password ?? 'Sim-Pass-7731!';
  const { cert, key } = certificate(dir);
  const args = ['-l', '127.0.0.1:0', '-username', user, '-password', password, '-tlscert', cert, '-tlskey', key, ...(opts.esx ? ['-esx'] : []), ...(opts.load ? ['-load', opts.load] : [])];
  const child: ChildProcess = spawn(VCSIM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vcsim did not start within 60 s: ${err}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const m = /GOVC_URL=https:\/\/[^@\s]*@([^\s/]+)\/sdk/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`https://${m[1]}/sdk`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vcsim exited (${code}): ${err}`));
    });
  });
  child.removeAllListeners('exit');
  const env = { ...process.env, GOVC_URL: url, GOVC_USERNAME: user, GOVC_PASSWORD: password, GOVC_TLS_CA_CERTS: cert, GOVC_INSECURE: '' };
  return {
    url,
    user,
    password,
    caFile: cert,
    // bounded: a govc call that gets no answer fails the test instead of holding it
    govc: (...a) => execFileSync(GOVC, a, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }),
    stop: () =>
      new Promise((resolve) => {
        // exited already (with a code, or killed by a signal: then exitCode stays null)
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
