import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';

// The CI gate (`vharden scan`, default --fail-on low) must not be passed on purpose.
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');
const noCli = existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-gate-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('a file that cannot be checked fails the gate', () => {
  it('VH-FILE-SKIPPED is medium by default and configurable like any rule', () => {
    const text = `${INSECURE}\u0000`;
    const skipped = lintText({ path: 'vm.vmx', text, config: defaultConfig() }).findings;
    assert.deepEqual(skipped.map((f) => `${f.ruleId} ${f.severity}`), ['VH-FILE-SKIPPED medium']);
    const lowered = lintText({ path: 'vm.vmx', text, config: { ...defaultConfig(), rules: { 'VH-FILE-SKIPPED': 'info' } } }).findings;
    assert.deepEqual(lowered.map((f) => `${f.ruleId} ${f.severity}`), ['VH-FILE-SKIPPED info']);
    const big = lintText({ path: 'vm.vmx', text: 'x', config: defaultConfig(), skipReason: 'timed out' }).findings;
    assert.deepEqual(big.map((f) => f.severity), ['medium']);
  });

  it('one NUL byte or a 5 MB comment is exit 1, not 0', { skip: noCli }, () => {
    const nul = tmp({ 'vm.vmx': `${INSECURE}\u0000` });
    const r = cli(['scan', '.'], nul);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /medium +The file contains NUL bytes.*VH-FILE-SKIPPED/);
    const huge = tmp({ 'vm.vmx': `# ${'x'.repeat(5 * 1024 * 1024)}\n${INSECURE}` });
    assert.equal(cli(['scan', '.'], huge).code, 1);
    assert.equal(cli(['scan', '.', '--rule', 'VH-FILE-SKIPPED=info'], huge).code, 0, 'turned down on purpose, by a flag');
  });
});

describe('suppressions need a reason', () => {
  const lint = (text: string) => lintText({ path: 'vm.vmx', text, config: defaultConfig() }).findings;
  const active = (fs: ReturnType<typeof lint>) => fs.filter((f) => !f.suppressed).map((f) => f.ruleId);

  it('a reasonless suppression still suppresses, and is reported as VH-SUPPRESSION-NO-REASON (low)', () => {
    const fs = lint('usb.present = "TRUE" # vharden-ignore VMX-ISO-USB\n# vharden-ignore-file VMX-ISO-HOSTINFO --\ntools.guestlib.enableHostInfo = "TRUE"\n');
    assert.ok(fs.find((f) => f.ruleId === 'VMX-ISO-USB')!.suppressed);
    assert.ok(fs.find((f) => f.ruleId === 'VMX-ISO-HOSTINFO')!.suppressed);
    const noReason = fs.filter((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON');
    assert.deepEqual(noReason.map((f) => `${f.line + 1} ${f.severity}`), ['1 low', '2 low']);
    assert.deepEqual(lint('usb.present = "TRUE" # vharden-ignore VMX-ISO-USB -- card reader\n').filter((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON'), []);
  });

  it('a wildcard file suppression without a reason suppresses nothing and is reported', () => {
    const base = 'usb.present = "TRUE"\ntools.guestlib.enableHostInfo = "TRUE"\n';
    for (const comment of ['# vharden-ignore-file *', '# vharden-ignore-file VMX-*', '# vharden-ignore-file VMX-ISO-USB, * --', '# vharden-ignore-file ????-ISO-USB']) {
      const fs = lint(`${comment}\n${base}`);
      assert.ok(active(fs).includes('VMX-ISO-USB'), `${comment}: nothing is suppressed`);
      const r = fs.find((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON');
      assert.ok(r, `${comment}: reported`);
      assert.match(r.message, /suppresses nothing/);
      assert.equal(fs.filter((f) => f.ruleId === 'VH-UNUSED-SUPPRESSION').length, 0, 'reported once, not also as unused');
    }
    const reasoned = lint(`# vharden-ignore-file * -- generated lab VM, rebuilt nightly\n${base}`);
    assert.deepEqual(active(reasoned), []);
  });

  it('the CLI gate fails on `vharden-ignore-file *` without a reason', { skip: noCli }, () => {
    const dir = tmp({ 'vm.vmx': `# vharden-ignore-file *\n${INSECURE}` });
    const r = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const ids = new Set(JSON.parse(r.stdout).findings.filter((f: any) => !f.suppressed).map((f: any) => f.ruleId));
    assert.ok(ids.has('VMX-CONSOLE-VNC') && ids.has('VH-SUPPRESSION-NO-REASON'));
  });
});
