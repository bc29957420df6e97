import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { aliasesOf, canonicalRuleId, ruleMeta } from '../server/src/catalog';
import { applyBaseline } from '../server/src/engine/baseline';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';

// ESXCONF-SHELL-TIMEOUT, -SHELL-IDLE and -BMC-VNIC became ESXADV-*: one rule per check, whatever carries the options
const HOST = '/adv/UserVars/SuppressShellWarning = "1"\n/adv/UserVars/ESXiShellTimeOut = "0"\n/adv/UserVars/ESXiShellInteractiveTimeOut = "900"\n/adv/Net/BMCNetworkEnable = "0"\n';
const CLI = join(__dirname, '..', 'dist', 'cli.js');

const timeouts = (text: string, rules = {}) =>
  lintText({ path: 'backup/etc/vmware/esx.conf', text, config: { ...defaultConfig(), rules } }).findings.filter((f) => f.ruleId === 'ESXADV-SHELL-TIMEOUT');

describe('former rule ids (aliases)', () => {
  it('name the rule they became', () => {
    assert.equal(canonicalRuleId('ESXCONF-SHELL-TIMEOUT'), 'ESXADV-SHELL-TIMEOUT');
    assert.equal(canonicalRuleId('esxconf-bmc-vnic'), 'ESXADV-BMC-VNIC');
    assert.deepEqual(aliasesOf('ESXADV-SHELL-IDLE'), ['ESXCONF-SHELL-IDLE']);
    assert.equal(ruleMeta('ESXCONF-SHELL-IDLE')?.id, 'ESXADV-SHELL-IDLE');
    assert.equal(canonicalRuleId('VMX-CONSOLE-VNC'), 'VMX-CONSOLE-VNC');
  });

  it('the merged rule reads esx.conf: one finding, under the new id, with the safe fix', () => {
    const [f, ...rest] = timeouts(HOST);
    assert.equal(rest.length, 0);
    assert.equal(f!.line, 1);
    assert.equal(f!.locator, '/adv/UserVars/ESXiShellTimeOut');
    assert.equal(f!.fixes?.[0]?.safety, 'safe');
  });

  it('a suppression naming the former id suppresses the finding', () => {
    const text = HOST.replace('/adv/UserVars/ESXiShellTimeOut', '# vharden-ignore ESXCONF-SHELL-TIMEOUT -- lab host, shell access is the point\n/adv/UserVars/ESXiShellTimeOut');
    const [f] = timeouts(text);
    assert.equal(f!.suppressed?.reason, 'lab host, shell access is the point');
    const all = lintText({ path: 'esx.conf', text, config: defaultConfig() }).findings;
    assert.ok(!all.some((x) => x.ruleId === 'VH-UNKNOWN-RULE' || x.ruleId.startsWith('VH-SUPPRESS')), 'the former id is not an unknown rule');
  });

  it('a rules: setting naming the former id applies to the rule', () => {
    assert.equal(timeouts(HOST, { 'ESXCONF-SHELL-TIMEOUT': 'off' }).length, 0);
    assert.equal(timeouts(HOST, { 'ESXCONF-SHELL-TIMEOUT': 'low' })[0]?.severity, 'low');
  });

  it('a baseline entry under the former id accepts the finding, whatever the former message was', () => {
    const findings = timeouts(HOST);
    const entry = { path: 'esx.conf', ruleId: 'ESXCONF-SHELL-TIMEOUT', locator: '/adv/UserVars/ESXiShellTimeOut', severity: 'medium' as const, fingerprint: 'from-the-old-message', count: 1 };
    const stale = applyBaseline([{ relPath: 'esx.conf', findings }], { version: 1, tool: 'vharden', created: '', pathsRelativeTo: 'baseline-file', entries: [entry] }, canonicalRuleId);
    assert.deepEqual(stale, []);
    assert.equal(findings[0]!.baselined?.severity, 'medium');
  });

  it('the CLI takes the former id in --rule and in a baseline file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vh-alias-'));
    writeFileSync(join(dir, 'esx.conf'), HOST);
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', ...args, dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const ids = (r: ReturnType<typeof run>) => (JSON.parse(r.stdout).findings as { ruleId: string; severity: string }[]).map((x) => `${x.ruleId}:${x.severity}`);
    assert.ok(ids(run([])).includes('ESXADV-SHELL-TIMEOUT:medium'));
    assert.ok(!ids(run(['--rule', 'ESXCONF-SHELL-TIMEOUT=off'])).some((x) => x.startsWith('ESXADV-SHELL-TIMEOUT')));
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ version: 1, tool: 'vharden', created: '', pathsRelativeTo: 'baseline-file', entries: [{ path: 'esx.conf', ruleId: 'ESXCONF-SHELL-TIMEOUT', locator: '/adv/UserVars/ESXiShellTimeOut', severity: 'medium', count: 1 }] }));
    const r = run(['--baseline', baseline]);
    assert.ok(ids(r).includes('ESXADV-SHELL-TIMEOUT:info'), r.stdout + r.stderr);
  });

  it('SARIF lists the former ids as deprecatedIds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vh-alias-'));
    writeFileSync(join(dir, 'esx.conf'), HOST);
    const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'sarif', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules as { id: string; deprecatedIds?: string[] }[];
    // a run lists the rules its results use (ESXADV-SHELL-TIMEOUT here), each with its former ids
    assert.deepEqual(rules.find((x) => x.id === 'ESXADV-SHELL-TIMEOUT')?.deprecatedIds, ['ESXCONF-SHELL-TIMEOUT']);
    assert.ok(!rules.some((x) => x.id.startsWith('ESXCONF-SHELL')), 'no descriptor for a former id');
  });
});
