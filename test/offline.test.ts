import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CORPUS, hasCorpus } from './helpers/corpus';
import { LspClient, SERVER } from './helpers/lsp';

// Nothing leaves the machine: with networking unavailable (a fresh network namespace, only a
// loopback device that is down), the CLI and the language server give exactly the same results.

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const OFFLINE = ['unshare', '-n'];

function unshareWorks(): boolean {
  const r = spawnSync('unshare', ['-n', 'cat', '/proc/net/dev'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return r.status === 0 && !/^\s*(?!lo:)\w+:/m.test(r.stdout.split('\n').slice(2).join('\n'));
}

const available = unshareWorks();
const skip = !existsSync(CLI) || !existsSync(SERVER) ? 'dist/ missing: run npm run build' : available || process.env.CI ? false : 'unshare -n is not permitted here (needs root or user namespaces); CI runs it';

/** The inputs: the examples, and every corpus folder when the corpus is present. */
const TARGETS = [join(ROOT, 'examples'), ...(hasCorpus ? [CORPUS] : [])];

describe('offline: no network needed', { skip }, () => {
  it('unshare -n leaves no network interface but a loopback', () => {
    assert.ok(available, 'unshare -n works (CI must allow it)');
  });

  it('the CLI scan gives the same report with and without networking', () => {
    const args = [CLI, 'scan', ...TARGETS, '-f', 'json', '--fail-on', 'never'];
    const online = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const offline = spawnSync(OFFLINE[0]!, [...OFFLINE.slice(1), process.execPath, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(online.status, 0, online.stderr);
    assert.equal(offline.status, 0, offline.stderr);
    assert.equal(offline.stderr, online.stderr);
    const a = JSON.parse(online.stdout);
    const b = JSON.parse(offline.stdout);
    assert.ok(a.summary.findings > 0, 'the scan found something to compare');
    assert.deepEqual(b, a);
  });

  it('the language server publishes the same diagnostics with and without networking', async () => {
    const files = spawnSync(process.execPath, [CLI, 'scan', ...TARGETS, '-f', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const paths = [...new Set((JSON.parse(files.stdout).findings as { path: string }[]).map((f) => f.path))].slice(0, 150);
    assert.ok(paths.length > 0);
    const run = async (wrapper: string[]) => {
      const client = new LspClient(['--stdio'], wrapper);
      try {
        await client.initialize();
        const out: Record<string, unknown> = {};
        for (const p of paths) {
          const uri = pathToFileURL(p).href;
          await client.open(uri, p.endsWith('.vmx') ? 'vmx' : 'plaintext', readFileSync(p, 'utf8'));
          const { diagnostics } = await client.waitForDiagnostics(uri);
          out[relative(ROOT, p)] = diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message, severity: d.severity }));
        }
        return out;
      } finally {
        await client.close();
      }
    };
    const online = await run([]);
    const offline = await run(OFFLINE);
    assert.ok(Object.values(online).some((d) => (d as unknown[]).length > 0), 'diagnostics to compare');
    assert.deepEqual(offline, online);
  });
});
