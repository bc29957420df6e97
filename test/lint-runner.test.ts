import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import type { LintInput } from '../server/src/engine/engine';
import { checkDiskFile, type DiskJob } from '../server/src/lsp/disk-check';
import { QuietCollector } from '../server/src/lsp/memory';
import { LintRunner, OFFLOAD_CHARS, RETIRE_AFTER_CHARS, unpackConfig } from '../server/src/lsp/runner';
import type { AdvisoryData } from '../server/src/rules/patch/advisories';
import { SERVER } from './helpers/lsp';

// The language server's LintRunner with a stand-in worker whose speed the test controls: a text
// starting with HANG never finishes, anything else is answered at once. No timing races: a runner
// that did not cancel or stop a hung job would never answer at all.

const dir = mkdtempSync(join(tmpdir(), 'vh-runner-'));
const WORKER = join(dir, 'worker.js');
writeFileSync(
  WORKER,
  `const { parentPort, workerData, threadId } = require('node:worker_threads');
parentPort.on('message', ({ id, input }) => {
  if (input.text.startsWith('HANG')) for (;;) {}
  parentPort.postMessage({ id, linted: { result: { path: input.path, format: 'vmx', findings: [] }, answeredBy: workerData, threadId } });
});
`,
);

const big = (head: string): LintInput => ({ path: '/x/big.vmx', text: head + 'x'.repeat(OFFLOAD_CHARS + 1), config: { ...defaultConfig(), maxFileSize: 10 * OFFLOAD_CHARS }, formatId: 'vmx' });

describe('LintRunner (the language server off-thread linting)', () => {
  const runner = new LintRunner(WORKER, 'stand-in');
  after(() => {
    runner.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('small texts are linted at once on the calling thread', async () => {
    const r = await runner.lint('file:///small.vmx', { path: '/x/small.vmx', text: 'RemoteDisplay.vnc.enabled = "TRUE"\n', config: defaultConfig(), formatId: 'vmx' }, 1000);
    assert.ok(r?.result.findings.some((f) => f.ruleId === 'VMX-CONSOLE-VNC'));
  });

  it('workspace indexing (background) waits behind open documents', async () => {
    const order: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
    const hung = track('hung index job', runner.lint('vharden-index:/x/1', big('HANG'), 300, true));
    const next = track('next index job', runner.lint('vharden-index:/x/2', big('ok'), 10_000, true));
    const doc = track('open document', runner.lint('file:///doc.vmx', big('ok'), 10_000));
    await Promise.all([hung, next, doc]);
    assert.deepEqual(order, ['hung index job', 'open document', 'next index job']);
  });

  it('after indexing, the worker thread is let go once idle (its heap grew to the largest file)', async () => {
    type Answer = { threadId: number };
    const first = (await runner.lint('vharden-index:/x/3', big('ok'), 10_000, true)) as unknown as Answer;
    const soon = (await runner.lint('file:///b.vmx', big('ok'), 10_000)) as unknown as Answer;
    assert.equal(soon.threadId, first.threadId, 'kept while busy');
    await runner.lint('vharden-index:/x/4', big('ok'), 10_000, true);
    await new Promise((r) => setTimeout(r, 1500));
    const later = (await runner.lint('file:///b.vmx', big('ok'), 10_000)) as unknown as Answer;
    assert.notEqual(later.threadId, first.threadId, 'a new thread after the idle time');
  });

  it('an indexing job over a very large text ends its thread at once, so the next large file starts with a small heap', async () => {
    type Answer = { threadId: number };
    const huge = (): LintInput => ({ ...big('ok'), text: 'x'.repeat(RETIRE_AFTER_CHARS + 1), config: { ...defaultConfig(), maxFileSize: 4 * RETIRE_AFTER_CHARS } });
    const a = (await runner.lint('vharden-index:/x/5', huge(), 10_000, true)) as unknown as Answer;
    const b = (await runner.lint('vharden-index:/x/6', huge(), 10_000, true)) as unknown as Answer;
    assert.notEqual(b.threadId, a.threadId, 'a fresh thread for the second large index job');
    const c = (await runner.lint('file:///open.vmx', huge(), 10_000)) as unknown as Answer;
    const d = (await runner.lint('file:///open.vmx', huge(), 10_000)) as unknown as Answer;
    assert.equal(d.threadId, c.threadId, 'open documents keep their thread (edits come one after another)');
  });

  it('large texts go to the worker', async () => {
    const r = (await runner.lint('file:///a.vmx', big('ok'), 10_000)) as unknown as { answeredBy: string };
    assert.equal(r.answeredBy, 'stand-in');
  });

  it('a new version of a file cancels the running job for the old one (the worker is stopped and replaced)', async () => {
    const stale = runner.lint('file:///a.vmx', big('HANG'), 60_000);
    await new Promise((r) => setTimeout(r, 50));
    const fresh = runner.lint('file:///a.vmx', big('ok'), 60_000);
    assert.equal(await stale, undefined, 'the stale job is cancelled');
    const r = (await fresh) as unknown as { answeredBy: string };
    assert.equal(r.answeredBy, 'stand-in', 'the new version is checked by a fresh worker');
  });

  it('cancel() drops queued jobs and the running one', async () => {
    const running = runner.lint('file:///b.vmx', big('HANG'), 60_000);
    const queued = runner.lint('file:///c.vmx', big('ok'), 60_000);
    runner.cancel('file:///b.vmx');
    assert.equal(await running, undefined);
    assert.ok(await queued, 'the job queued behind the hung one runs once that is cancelled');
  });

  it('a disk file the worker thread failed on is checked on the calling thread, unless it is large', async () => {
    // the stand-in fails on disk jobs (it reads `input.text` of a job that has none)
    const small = join(__dirname, 'fixtures', 'rules', 'VMX-CONSOLE-VNC', 'bad', 'open-vnc.vmx');
    const job = (path: string): DiskJob => ({ path, config: { ...defaultConfig(), today: '2026-01-01' }, hostEvidence: [], moduleValues: [] });
    assert.deepEqual(await runner.check('disk:small', job(small), 10_000), checkDiskFile(job(small)));
    const large = join(dir, 'large.vmx');
    writeFileSync(large, `RemoteDisplay.vnc.enabled = "TRUE"\n${'#'.repeat(OFFLOAD_CHARS)}\n`);
    assert.deepEqual(await runner.check('disk:large', { ...job(large), config: { ...job(large).config, maxFileSize: 4 * OFFLOAD_CHARS } }, 10_000), { read: true, chars: OFFLOAD_CHARS + 36 });
  });

  it('a job past its time budget is stopped and reported as not checked; the next job still runs', async () => {
    const t0 = performance.now();
    const r = await runner.lint('file:///d.vmx', big('HANG'), 100);
    const ms = performance.now() - t0;
    const skipped = r?.result.findings.find((f) => f.ruleId === 'VH-FILE-SKIPPED');
    assert.ok(skipped, 'reported');
    assert.match(skipped.message, /longer than 100 ms \(setting vharden\.maxFileTimeMs\)/);
    assert.ok(ms < 5000, `stopped after ${Math.round(ms)} ms`);
    assert.ok(await runner.lint('file:///e.vmx', big('ok'), 10_000));
  });
});

describe('workspace indexing on the worker thread (dist/server.js as the worker)', () => {
  const rules = join(__dirname, 'fixtures', 'rules');
  const job = (path: string): DiskJob => ({ path, config: { ...defaultConfig(), today: '2026-01-01' }, hostEvidence: [], moduleValues: [] });
  const vmxFile = join(rules, 'VMX-CONSOLE-VNC', 'bad', 'open-vnc.vmx');
  const playbook = join(rules, 'VMX-CONSOLE-VNC', 'bad', 'vmware-guest.yml');

  it('reads and checks a file there as the calling thread would, and keeps only what takes part in the cross-file checks, without its own findings', async () => {
    const runner = new LintRunner(SERVER, 'vharden-lint-worker');
    try {
      const here = checkDiskFile(job(vmxFile));
      assert.ok(here.linted?.facts, 'a .vmx gives facts for the cross-file rules');
      assert.deepEqual(here.linted.result.findings, [], 'its own findings are not kept (they are shown when it is opened)');
      assert.equal(here.linted.result.format, 'vmx');
      assert.deepEqual(await runner.check('disk:a', job(vmxFile), 30_000), here);
      const local = await runner.check('disk:b', job(playbook), 30_000);
      assert.equal(local?.read, true);
      assert.equal(local?.linted, undefined, 'a playbook without facts is not sent back');
      assert.deepEqual(await runner.check('disk:c', job(join(rules, 'no-such-file.vmx')), 30_000), { read: false, chars: 0 });
    } finally {
      runner.dispose();
    }
  });

  it('sends a configuration\'s data objects to the thread once, and the thread puts them back', async () => {
    const known = new Map<number, unknown>();
    const advisories: AdvisoryData = { updated: '2026-01-01', source: 'test', advisories: [], eol: [] };
    const first = unpackConfig({ ...defaultConfig(), advisories }, { advisories: 7 }, known);
    const later = unpackConfig({ ...defaultConfig(), advisories: undefined }, { advisories: 7 }, known);
    assert.equal(first.advisories, advisories);
    assert.equal(later.advisories, advisories);
    const runner = new LintRunner(SERVER, 'vharden-lint-worker');
    try {
      const withData = { ...job(vmxFile), config: { ...job(vmxFile).config, advisories } };
      const a = await runner.check('disk:a', withData, 30_000);
      const b = await runner.check('disk:a', withData, 30_000);
      assert.deepEqual(b, a, 'the second job, sent without the data, gives the same result');
    } finally {
      runner.dispose();
    }
  });

  it('the server collects garbage once after indexing, when scheduled again only the last time', async () => {
    let runs = 0;
    const quiet = new QuietCollector(0, () => () => runs++);
    quiet.schedule();
    quiet.schedule();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(runs, 1);
  });
});
