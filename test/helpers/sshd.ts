import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

function have(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the sshd tests cannot run here, or undefined. On CI (CI set) missing tools are a failure, not a skip. */
export function sshMissing(): string | undefined {
  const missing = [existsSync(SSHD) ? '' : SSHD, have('ssh', ['-V']) ? '' : 'ssh', have('ssh-keygen', ['-l', '-f', '/dev/null']) || existsSync('/usr/bin/ssh-keygen') ? '' : 'ssh-keygen'].filter(Boolean);
  if (missing.length === 0) return undefined;
  if (process.env.CI) throw new Error(`CI is set but ${missing.join(', ')} missing: install openssh-server and openssh-client`);
  return `needs Debian's openssh-server and openssh-client (${missing.join(', ')} missing)`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function banner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('data', (b) => done(b.toString('latin1').startsWith('SSH-')));
    s.once('error', () => done(false));
    s.setTimeout(1000, () => done(false));
  });
}

export interface Sshd {
  port: number;
  user: string;
  /** the client key sshd accepts for a normal session */
  identity: string;
  /** a known_hosts file holding the server's throwaway host key */
  knownHosts: string;
  dir: string;
  /** a new client key whose sessions all run `command` instead of what the client asks (a host that lies) */
  forcedKey(command: string): string;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH server on 127.0.0.1 and a free port, with a throwaway host key, accepting a
 * throwaway client key for the current user (root on CI: key login only). Only public-key logins.
 */
export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-sshd-'));
  chmodSync(dir, 0o755);
  const keygen = (name: string) => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `vharden-test-${name}`, '-f', join(dir, name)]);
    return join(dir, name);
  };
  const hostKey = keygen('host_key');
  const identity = keygen('client_key');
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${identity}.pub`, 'utf8'));
  const user = userInfo().username;
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'AllowTcpForwarding no',
      'X11Forwarding no',
      'PrintMotd no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 }); // sshd's privilege separation folder
  const server = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill();
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let up = false;
  for (let i = 0; i < 100 && !up && server.exitCode === null; i++) {
    up = await banner(port);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) {
    await stop();
    throw new Error(`sshd did not start: ${log}`);
  }
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8')}`);
  let forced = 0;
  return {
    port,
    user,
    identity,
    knownHosts,
    dir,
    forcedKey(command: string) {
      const key = keygen(`forced_${++forced}`);
      writeFileSync(authorized, `command=${JSON.stringify(command)},no-pty,no-port-forwarding ${readFileSync(`${key}.pub`, 'utf8')}`, { flag: 'a' });
      return key;
    },
    stop,
  };
}
