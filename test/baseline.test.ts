import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyBaseline, createBaseline, fingerprintOf, parseBaseline } from '../server/src/engine/baseline';
import type { Finding } from '../server/src/engine/types';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function finding(ruleId: string, locator: string, line: number): Finding {
  return { ruleId, locator, line, severity: 'high', start: 0, end: 1, message: 'm', character: 0, endLine: line, endCharacter: 1 };
}

describe('baseline (engine)', () => {
  it('keys by path, rule and locator with a count; extra occurrences are new; missing ones are stale', () => {
    const files = [{ relPath: 'a.vmx', findings: [finding('R1', 'k', 1), finding('R1', 'k', 5), finding('R2', 'x', 2)] }];
    const b = createBaseline(files, 'baseline-file', '2026-01-01T00:00:00Z');
    const fingerprint = fingerprintOf({ message: 'm' });
    assert.deepEqual(b.entries, [
      { path: 'a.vmx', ruleId: 'R1', locator: 'k', severity: 'high', fingerprint, count: 2 },
      { path: 'a.vmx', ruleId: 'R2', locator: 'x', severity: 'high', fingerprint, count: 1 },
    ]);
    assert.ok(!JSON.stringify(b).includes('"line"'), 'no line numbers in the baseline');
    const later = [{ relPath: 'a.vmx', findings: [finding('R1', 'k', 10), finding('R1', 'k', 11), finding('R1', 'k', 12), finding('R3', 'y', 1)] }];
    const stale = applyBaseline(later, b);
    assert.deepEqual(later[0]!.findings.map((f) => f.baselined?.severity ?? null), ['high', 'high', null, null]);
    assert.deepEqual(later[0]!.findings.map((f) => f.severity), ['info', 'info', 'high', 'high']);
    assert.deepEqual(stale, [{ path: 'a.vmx', ruleId: 'R2', locator: 'x', severity: 'high', fingerprint, count: 1, missing: 1 }]);
  });

  it('suppressed findings are not baselined; bad baseline files give a clear message', () => {
    const f = finding('R1', 'k', 1);
    f.suppressed = { kind: 'line', reason: 'ok', start: 0, end: 0 };
    assert.deepEqual(createBaseline([{ relPath: 'a', findings: [f] }], 'baseline-file', '').entries, []);
    assert.match(parseBaseline('{').error!, /not valid JSON/);
    assert.match(parseBaseline('{"tool":"other"}').error!, /not a vharden baseline/);
    assert.match(parseBaseline('{"tool":"vharden","version":1,"entries":[{"path":"a"}]}').error!, /entry 1 needs/);
  });
});

describe('baseline round trip (CLI)', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('create, then only new findings count; moved lines stay baselined; fixed entries are listed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-baseline-'));
    mkdirSync(join(dir, 'vms'));
    const vm = join(dir, 'vms', 'fw.vmx');
    writeFileSync(vm, INSECURE);
    const created = cli(['baseline', 'create', 'vms'], dir);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /wrote 10 findings \(10 entries\) to \.vharden-baseline\.json/);
    const baseline = JSON.parse(readFileSync(join(dir, '.vharden-baseline.json'), 'utf8'));
    assert.equal(baseline.pathsRelativeTo, 'baseline-file');
    assert.ok(baseline.entries.every((e: any) => e.path === 'vms/fw.vmx' && e.locator && !('line' in e)));

    const same = cli(['scan', 'vms', '--baseline', '.vharden-baseline.json'], dir);
    assert.equal(same.code, 0, 'nothing new');
    assert.match(same.stdout, /info +VNC console is enabled.*\[baselined; was critical\]/);
    assert.match(same.stdout, /0 findings .*; 10 baselined/);

    // move everything down two lines, fix the debug stub, add a new problem
    const changed = '# moved\n# down\n' + INSECURE.replace('debugStub.listen.guest64.remote = "TRUE"', 'debugStub.listen.guest64.remote = "FALSE"') + 'isolation.tools.paste.disable = "FALSE"\n';
    writeFileSync(vm, changed);
    const json = JSON.parse(cli(['scan', 'vms', '--baseline', '.vharden-baseline.json', '--format', 'json'], dir).stdout);
    const fresh = json.findings.filter((f: any) => !f.baselined);
    assert.deepEqual(fresh.map((f: any) => `${f.ruleId} ${f.locator}`), ['VMX-ISO-CLIPBOARD isolation.tools.paste.disable']);
    assert.equal(json.summary.baselined, 9);
    assert.deepEqual(json.staleBaseline.map((e: any) => e.ruleId), ['VMX-DEBUGSTUB-REMOTE']);
    const text = cli(['scan', 'vms', '--baseline', '.vharden-baseline.json'], dir);
    assert.equal(text.code, 1, 'the new finding fails the run');
    assert.match(text.stdout, /baseline entry no longer matches \(fixed or moved\): vms\/fw\.vmx VMX-DEBUGSTUB-REMOTE/);

    const sarif = JSON.parse(cli(['scan', 'vms', '--baseline', '.vharden-baseline.json', '--format', 'sarif'], dir).stdout);
    const states = sarif.runs[0].results.map((r: any) => `${r.ruleId}:${r.baselineState}`);
    assert.ok(states.includes('VMX-CONSOLE-VNC:unchanged'));
    assert.ok(states.includes('VMX-DEBUGSTUB-REMOTE:absent'));
    assert.equal(states.filter((s: string) => s.endsWith(':new')).length, 1);

    const html = cli(['scan', 'vms', '--baseline', '.vharden-baseline.json', '--format', 'html'], dir).stdout;
    assert.match(html, /<section id="baselined">[\s\S]*VMX-CONSOLE-VNC[\s\S]*no longer match[\s\S]*VMX-DEBUGSTUB-REMOTE/);
  });

  it('host baselines are relative to the host root, so a copy of the host matches the live paths', () => {
    const a = mkdtempSync(join(tmpdir(), 'vharden-baseline-host-'));
    const b = mkdtempSync(join(tmpdir(), 'vharden-baseline-host-'));
    for (const root of [a, b]) {
      mkdirSync(join(root, 'etc', 'vmware'), { recursive: true });
      writeFileSync(join(root, 'etc', 'vmware', 'lab.vmx'), INSECURE);
    }
    const file = join(a, 'base.json');
    assert.equal(cli(['baseline', 'create', '--root', a, '-o', file], a).code, 0);
    const baseline = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(baseline.pathsRelativeTo, 'host-root');
    assert.ok(baseline.entries.every((e: any) => e.path === 'etc/vmware/lab.vmx'));
    const r = cli(['scan', '--root', b, '--baseline', file, '--format', 'json'], b);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(JSON.parse(r.stdout).summary.baselined, 10);
  });

  it('a missing or malformed baseline is exit 2 with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-baseline-'));
    const missing = cli(['scan', '.', '--baseline', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read baseline nope\.json: ENOENT/);
    writeFileSync(join(dir, 'bad.json'), '[]');
    assert.match(cli(['scan', '.', '--baseline', 'bad.json'], dir).stderr, /bad\.json: not a vharden baseline/);
  });
});
