import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const BUNDLED = join(ROOT, 'server', 'data', 'advisories.json');
const PATCHED = join(ROOT, 'test', 'fixtures', 'rules', 'PATCH-ESXI-VMSA', 'good', 'nested-esxi.vmx');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--rule', 'VMX-*=off'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeTmp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vharden-adv-')), name);
  writeFileSync(path, text);
  return path;
}

describe('patch level in the CLI', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('the bundled data is in the bundle: findings name the advisory and the report the data date', () => {
    const r = cli(['scan', 'examples/esxi', '--fail-on', 'never']);
    assert.equal(r.code, 0);
    const { updated } = JSON.parse(readFileSync(BUNDLED, 'utf8')) as { updated: string };
    assert.match(r.stdout, /critical ESXi 7\.0 U3g build 19482537 \(ESXi installer image\) is below the fix of VMSA-2025-0004/);
    assert.match(r.stdout, /exploited in the wild/);
    assert.ok(r.stdout.includes(`Patch-level findings use data of ${updated} (VMware advisories and end-of-support dates)`), r.stdout);
    const json = JSON.parse(cli(['scan', 'examples/esxi', '-f', 'json', '--fail-on', 'never']).stdout);
    assert.equal(json.advisories.updated, updated);
  });

  it('a host scan of a backup tree reads its etc/vmware/esx.conf', () => {
    const r = cli(['scan', '--root', 'examples/esxi', '--fail-on', 'never']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /The SSH firewall ruleset \(sshServer\) is enabled\.\s+ESXCONF-FW-SSH/);
    assert.match(r.stdout, /ESXi 7\.0 U3 \(\/system\/version\) is past end of general support/);
  });

  it('--advisories FILE replaces the bundled data without a rebuild', () => {
    assert.equal(cli(['scan', PATCHED]).code, 0, 'clean with the bundled data');
    const data = JSON.parse(readFileSync(BUNDLED, 'utf8'));
    data.updated = '2030-01-02';
    data.advisories.push({ ...data.advisories[0], id: 'VMSA-2029-0001', fixedVersion: '8.0 U3z', fixedBuild: 99999999, cves: ['CVE-2029-0001'], exploited: false, source: 'test data' });
    const file = writeTmp('newer.json', JSON.stringify(data));
    const r = cli(['scan', PATCHED, '--advisories', file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /below the fix of VMSA-2029-0001 \(fixed in 8\.0 U3z, build 99999999; CVE-2029-0001\)/);
    assert.match(r.stdout, /advisories data of 2030-01-02/);
    const sarif = JSON.parse(cli(['scan', PATCHED, '--advisories', file, '-f', 'sarif']).stdout);
    assert.equal(sarif.runs[0].properties.advisories.updated, '2030-01-02');
    const markdown = cli(['scan', PATCHED, '--advisories', file, '-f', 'markdown']).stdout;
    assert.match(markdown, /VMware advisories and end-of-support dates: 2030-01-02 \(user file/);
    const bundledMd = cli(['scan', PATCHED, '-f', 'markdown', '--fail-on', 'never']).stdout;
    const bundledDate = (JSON.parse(readFileSync(BUNDLED, 'utf8')) as { updated: string }).updated;
    assert.ok(bundledMd.includes(`VMware advisories and end-of-support dates: ${bundledDate} (bundled`), 'the bundled date otherwise');
  });

  it('a bad advisories file: exit 2 with the reason', () => {
    const notJson = cli(['scan', PATCHED, '--advisories', writeTmp('a.json', '{ nope')]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /is not valid JSON/);
    const badShape = cli(['scan', PATCHED, '--advisories', writeTmp('b.json', JSON.stringify({ updated: '2030-01-01', source: 'x', advisories: [{ id: 'VMSA-2030-0001' }] }))]);
    assert.equal(badShape.code, 2);
    assert.match(badShape.stderr, /advisories\[0\] lacks "product"/);
    const missing = cli(['scan', PATCHED, '--advisories', join(tmpdir(), 'no-such-advisories.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read advisories file .*ENOENT/);
    assert.equal(cli(['scan', PATCHED, '--advisories']).code, 2, 'needs a value');
  });
});
