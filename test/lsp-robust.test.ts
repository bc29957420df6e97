import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LspClient, SERVER } from './helpers/lsp';

// A client that stops reading, and a server whose main thread is stuck: neither may take the machine down
// or leave the client waiting forever.

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

const VMX = ['config.version = "8"', 'virtualHW.version = "19"', 'RemoteDisplay.vnc.enabled = "TRUE"', ...Array.from({ length: 400 }, (_, i) => `isolation.tools.setting${i}.disable = "FALSE"\nmks.enable3d${i} = "TRUE"`)].join('\n') + '\n';

describe('language server under a client that stops reading', { skip: existsSync(SERVER) && existsSync('/proc/self/status') ? false : 'needs dist/server.js and /proc' }, () => {
  it('holds one pending publish per file instead of queueing every version, and publishes the newest once reading resumes', async () => {
    const client = new LspClient();
    try {
      await client.initialize();
      const uri = 'file:///tmp/vharden-backpressure/a.vmx';
      await client.open(uri, 'vmx', VMX);
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      client.proc.stdout!.pause();
      const before = rssKb(client.proc.pid!);
      const N = 3000;
      for (let v = 2; v <= N; v++) await client.change(uri, v, VMX + `# edit ${v}\n`);
      await new Promise((r) => setTimeout(r, 2000));
      const grown = rssKb(client.proc.pid!) - before;
      client.proc.stdout!.resume();
      const last = await client.waitForDiagnostics(uri, (p) => p.version === N, 30_000);
      assert.ok(last.diagnostics.length > 0);
      const sent = client.published.filter((p) => p.uri === uri).length;
      console.log(`${N} edits while the client did not read: server RSS grew ${Math.round(grown / 1024)} MB, ${sent} publishes`);
      assert.ok(grown < 150 * 1024, `RSS grew ${Math.round(grown / 1024)} MB`);
      assert.ok(sent < N / 2, `${sent} publishes for ${N} versions: older versions were dropped`);
      const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'never an older version after a newer one');
    } finally {
      await client.close();
    }
  });
});

describe('watchdog', { skip: existsSync(SERVER) ? false : 'needs dist/server.js' }, () => {
  it('a process whose main thread is stuck past the limit exits with a message, so the client restarts it', async () => {
    // the watchdog module as the server starts it, in a process that then blocks its main thread
    const script = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); const { startWatchdog } = require(${JSON.stringify(require.resolve('../server/src/lsp/watchdog'))}); startWatchdog(300); setTimeout(() => { for (;;) {} }, 50);`;
    const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += String(d)));
    const t0 = Date.now();
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, sig) => resolve(sig)));
    assert.equal(signal, 'SIGKILL');
    assert.match(stderr, /main thread has not answered for \d+ s/);
    assert.ok(Date.now() - t0 < 15_000);
  });

  it('a server that answers is never stopped by its watchdog (limit 500 ms, idle 2.5 s)', async () => {
    process.env.VHARDEN_WATCHDOG_MS = '500';
    const client = new LspClient(['--stdio']);
    delete process.env.VHARDEN_WATCHDOG_MS;
    try {
      await client.initialize();
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(client.proc.exitCode, null, 'still running');
    } finally {
      await client.close();
    }
  });
});
