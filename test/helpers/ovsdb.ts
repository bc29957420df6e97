import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

function have(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why OVSDB tests cannot run here, or undefined. On CI (CI set) missing tools are a failure, not a skip. */
export function ovsMissing(): string | undefined {
  const missing = ['ovsdb-tool', 'ovsdb-server', 'ovs-vsctl'].filter((c) => !have(c));
  if (!existsSync(SCHEMA)) missing.push(SCHEMA);
  if (missing.length === 0) return undefined;
  if (process.env.CI) throw new Error(`CI is set but ${missing.join(', ')} missing: install openvswitch-switch`);
  return `needs Debian's openvswitch-switch (${missing.join(', ')} missing)`;
}

/**
 * Build a real conf.db: `ovsdb-tool create`, an `ovsdb-server` child on a unix socket in a temp
 * folder, then `ovs-vsctl --no-wait` commands (no kernel module, no ovs-vswitchd). Returns the
 * path of the database (under <tmp>/etc/openvswitch/) and its text; the folder is removed by `cleanup`.
 */
export async function makeDb(commands: string[][]): Promise<{ dir: string; path: string; text: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-ovsdb-'));
  const dbDir = join(dir, 'etc', 'openvswitch');
  mkdirSync(dbDir, { recursive: true });
  const path = join(dbDir, 'conf.db');
  const sock = join(dir, 'db.sock');
  execFileSync('ovsdb-tool', ['create', path, SCHEMA]);
  const server = spawn('ovsdb-server', [path, `--remote=punix:${sock}`, `--unixctl=${join(dir, 'ctl')}`, '--no-chdir', `--log-file=${join(dir, 'log')}`], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const vsctl = (args: string[]): void => {
      execFileSync('ovs-vsctl', [`--db=unix:${sock}`, '--no-wait', '--timeout=10', ...args], { stdio: 'pipe' });
    };
    vsctl(['init']);
    for (const c of commands) vsctl(c);
  } finally {
    server.kill();
    await new Promise((r) => server.once('exit', r));
  }
  return { dir, path, text: readFileSync(path, 'utf8'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A running ovsdb-server on a unix socket in a temp folder, its database made as in `makeDb`.
 * `stop` ends the server and removes the folder.
 */
export async function startOvsdb(commands: string[][]): Promise<{ dir: string; sock: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-ovsdb-live-'));
  const path = join(dir, 'conf.db');
  const sock = join(dir, 'db.sock');
  execFileSync('ovsdb-tool', ['create', path, SCHEMA]);
  const server = spawn('ovsdb-server', [path, `--remote=punix:${sock}`, `--unixctl=${join(dir, 'ctl')}`, '--no-chdir', `--log-file=${join(dir, 'log')}`], { stdio: 'ignore' });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill();
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const vsctl = (args: string[]): void => {
      execFileSync('ovs-vsctl', [`--db=unix:${sock}`, '--no-wait', '--timeout=10', ...args], { stdio: 'pipe' });
    };
    vsctl(['init']);
    for (const c of commands) vsctl(c);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, sock, stop };
}
