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
