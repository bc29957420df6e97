import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from './helpers/lsp';

// A slow file never holds up diagnostics for other files; a file that runs past its time budget is
// stopped and reported; only the newest version of a file is published.

const MB = 1024 * 1024;
const BIG = 'file:///tmp/vharden-responsive/big.vmx';
const SMALL = 'file:///tmp/vharden-responsive/small.vmx';

function bigVmx(mb: number): string {
  const lines = ['config.version = "8"', 'virtualHW.version = "19"', 'RemoteDisplay.vnc.enabled = "TRUE"'];
  for (let i = 0, n = 0; n < mb * MB; i++) {
    const line = `ethernet${i}.networkName = "VM Network ${i}"`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

const SMALL_TEXT = 'config.version = "8"\nvirtualHW.version = "19"\nRemoteDisplay.vnc.enabled = "TRUE"\n';

describe('language server responsiveness', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  const text = bigVmx(20);
  let bigMs = 0;

  before(async () => {
    client = new LspClient();
    await client.initialize({ settings: { maxFileSize: 100 * MB, maxFileTimeMs: 60_000 } });
  });
  after(async () => {
    await client.close();
  });

  const editLine = (uri: string, version: number, text: string) =>
    client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 20 } }, text }] });

  it('a small file gets its diagnostics while a 20 MB file is still being checked', async () => {
    const t0 = performance.now();
    await client.open(BIG, 'vmx', text);
    const bigDone = client.waitForDiagnostics(BIG, (p) => p.version === 1, 60_000).then(() => performance.now());
    await new Promise((r) => setTimeout(r, 50));
    const t1 = performance.now();
    await client.open(SMALL, 'vmx', SMALL_TEXT);
    const small = await client.waitForDiagnostics(SMALL, (p) => p.version === 1);
    const smallAt = performance.now();
    assert.ok(small.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
    const bigAt = await bigDone;
    bigMs = bigAt - t0;
    console.log(`small file: ${Math.round(smallAt - t1)} ms; 20 MB file: ${Math.round(bigMs)} ms`);
    assert.ok(smallAt < bigAt, `the small file (${Math.round(smallAt - t0)} ms) was not held up by the big one (${Math.round(bigMs)} ms)`);
  });

  it('an edit during a check supersedes it: only the newest version is published', async () => {
    // That the stale check is stopped rather than finished is tested without timing in lint-runner.test.ts.
    await editLine(BIG, 2, 'config.version = "9"');
    await new Promise((r) => setTimeout(r, 150));
    await editLine(BIG, 3, 'config.version = "8"');
    const { diagnostics } = await client.waitForDiagnostics(BIG, (p) => p.version === 3, 60_000);
    assert.ok(diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
    assert.ok(!client.published.some((p) => p.uri === BIG && p.version === 2), 'the stale version was never published');
  });

  it('a file that runs past vharden.maxFileTimeMs is stopped and reported as not checked', async () => {
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { vharden: { maxFileSize: 100 * MB, maxFileTimeMs: 100 } } });
    const t0 = performance.now();
    await editLine(BIG, 4, 'config.version = "9"');
    const { diagnostics } = await client.waitForDiagnostics(BIG, (p) => p.version === 4, 30_000);
    const ms = performance.now() - t0;
    const skipped = diagnostics.find((d) => d.code === 'VH-FILE-SKIPPED');
    assert.ok(skipped, `reported as skipped: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    assert.match(skipped.message, /longer than 100 ms \(setting vharden\.maxFileTimeMs\)/);
    assert.ok(ms < bigMs, `stopped after ${Math.round(ms)} ms, before a full check (${Math.round(bigMs)} ms)`);
    // The small file is still served after the worker was stopped.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: SMALL, version: 2 }, contentChanges: [{ text: SMALL_TEXT + '# edit\n' }] });
    const small = await client.waitForDiagnostics(SMALL, (p) => p.version === 2);
    assert.ok(small.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
  });
});
