import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FORMATS, HOST_TREE_EXTRAS } from './formats';

export const REPO = join(__dirname, '..', '..');
export const RESULTS = join(REPO, 'test-results', 'e2e');
export const CODE_SERVER = join(REPO, '.cache', 'e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const VSIX = join(REPO, 'vharden.vsix');
export const WORKSPACE_SOURCE = join(REPO, 'test', 'e2e', 'workspace');

/** User settings of the throwaway profile: fix-all on save, and nothing that phones home or pops up. */
const SETTINGS = {
  'editor.codeActionsOnSave': { 'source.fixAll.vharden': 'explicit' },
  'editor.hover.delay': 200,
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServer {
  url: string;
  /** The workspace folder (a fresh copy of test/e2e/workspace). */
  workspace: string;
  /** Another fresh copy of test/e2e/workspace: the prepared host tree for the host scan. */
  hostTree: string;
  /** A host's file tree (etc/pve, etc/libvirt, …) made of the cases that name a `hostPath`. */
  hostRoot: string;
  /** URL that opens a folder in the workbench. */
  folderUrl(folder: string): string;
  stop(): Promise<void>;
}

/**
 * Installs the packaged .vsix into a throwaway extensions folder and starts code-server on loopback with
 * a throwaway user-data folder. Everything lives in one temp folder, removed by stop().
 */
/** `settings`: user settings laid over the suite's (the web-host suite runs vharden in the browser's extension host). */
export async function startCodeServer(settings: Record<string, unknown> = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}: run scripts/e2e-setup.sh (npm run test:e2e does)`);
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package (npm run test:e2e does)`);
  const root = mkdtempSync(join(tmpdir(), 'vharden-e2e-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  const hostTree = join(root, 'host');
  const config = join(root, 'config.yaml');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions);
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));
  writeFileSync(config, 'auth: none\ncert: false\n');
  cpSync(WORKSPACE_SOURCE, workspace, { recursive: true });
  cpSync(WORKSPACE_SOURCE, hostTree, { recursive: true });
  const hostRoot = join(root, 'host-root');
  for (const f of [...FORMATS, ...HOST_TREE_EXTRAS]) {
    if (!f.hostPath) continue;
    mkdirSync(dirname(join(hostRoot, f.hostPath)), { recursive: true });
    cpSync(join(WORKSPACE_SOURCE, f.file), join(hostRoot, f.hostPath));
  }
  mkdirSync(RESULTS, { recursive: true });

  const base = [CODE_SERVER, '--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  // code-server keeps logs and a heartbeat under XDG_DATA_HOME: keep them in the throwaway folder too.
  const env = { ...process.env, XDG_DATA_HOME: join(root, 'xdg-data'), XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_CACHE_HOME: join(root, 'xdg-cache') };
  const install = spawnSync(process.execPath, [...base, '--install-extension', VSIX], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60_000, env });
  if (install.status !== 0 || !/successfully installed/i.test(install.stdout)) {
    throw new Error(`installing ${VSIX} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  }

  const port = await freePort();
  const log = createWriteStream(join(RESULTS, 'code-server.log'));
  const proc: ChildProcess = spawn(
    process.execPath,
    [...base, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env },
  );
  proc.stdout!.pipe(log);
  proc.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}; see ${join(RESULTS, 'code-server.log')}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s; see ${join(RESULTS, 'code-server.log')}`);
    await new Promise((r) => setTimeout(r, 250)); // polling a port, not waiting for the UI
  }

  return {
    url,
    workspace,
    hostTree,
    hostRoot,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    async stop() {
      if (proc.exitCode === null && proc.pid) {
        const exited = new Promise((r) => proc.once('exit', r));
        try {
          process.kill(-proc.pid, 'SIGTERM'); // its own process group: code-server and its extension hosts
        } catch {
          /* already gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The installed extension's manifest, to find what it contributes (e.g. the host-scan command). */
export function manifest(): { contributes?: { commands?: { command: string; title: string; category?: string }[]; views?: Record<string, { id: string; name: string }[]> } } {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
}
