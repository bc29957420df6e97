import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { defaultConfig, ruleOverride } from '../server/src/engine/config';
import { parseConfigFile, pathMatcher, withConfigFile } from '../server/src/engine/config-file';
import { ConfigResolver } from '../server/src/node/config-search';
import { SettingsResolver } from '../server/src/node/settings-resolver';
import { toOverrides } from '../server/src/lsp/settings';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('.vharden.yaml validation (engine, pure)', () => {
  it('reads every key', () => {
    const { config, errors } = parseConfigFile(
      'rules:\n  VMX-CONSOLE-VNC: medium\n  "VMX-ISO-*": off\nignore:\n  - templates/**\nmonitoring:\n  requiredFor: [br-prod*]\n  authorizedSensors: [ids0]\nmanagementNetworks: [10.0.0.0/24]\nmaxFileSize: 1024\n',
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(config, {
      rules: { 'VMX-CONSOLE-VNC': 'medium', 'VMX-ISO-*': 'off' },
      ignore: ['templates/**'],
      monitoring: { requiredFor: ['br-prod*'], authorizedSensors: ['ids0'] },
      managementNetworks: ['10.0.0.0/24'],
      maxFileSize: 1024,
    });
  });

  it('an empty file or only comments is a valid, empty config', () => {
    assert.deepEqual(parseConfigFile(''), { config: {}, errors: [] });
    assert.deepEqual(parseConfigFile('# nothing yet\n'), { config: {}, errors: [] });
  });

  const cases: [string, string, number, number, RegExp][] = [
    ['unknown top-level key', 'rules: {}\nignor:\n  - x\n', 2, 1, /unknown key "ignor"/],
    ['unknown rule id', 'rules:\n  VMX-NOPE: off\n', 2, 3, /unknown rule id "VMX-NOPE"/],
    ['bad setting', 'rules:\n  VMX-CONSOLE-VNC: loud\n', 2, 20, /must be off, on, critical/],
    ['maxFileSize not a number', 'maxFileSize: big\n', 1, 14, /positive whole number/],
    ['ignore not a list', 'ignore: templates\n', 1, 9, /must be a list of strings/],
    ['monitoring unknown key', 'monitoring:\n  sensors: [a]\n', 2, 3, /monitoring\.sensors/],
    ['YAML syntax error', 'rules:\n  VMX-CONSOLE-VNC: [off\n', 3, 1, /./],
    ['duplicate key', 'ignore: [a]\nignore: [b]\n', 2, 1, /unique|duplicate/i],
    ['not a mapping', '- a\n- b\n', 1, 1, /must be a mapping/],
    ['rule glob over the length cap', `rules:\n  "VMX-${'*'.repeat(300)}": off\n`, 2, 3, /at most 256 characters/],
    ['ignore glob over the length cap', `ignore:\n  - "${'*'.repeat(300)}"\n`, 2, 5, /ignore: .*at most 256 characters/],
    ['monitoring glob over the length cap', `monitoring:\n  requiredFor: ["${'a*'.repeat(150)}"]\n`, 2, 17, /monitoring\.requiredFor: .*at most 256 characters/],
    ['too many ignore globs', `ignore:\n${'  - a\n'.repeat(1001)}`, 2, 3, /at most 1000 patterns/],
    ['maxFileSize above the default', 'maxFileSize: 1000000000\n', 1, 14, /can only lower the limit \(at most 5242880\).*--max-file-size.*vharden\.maxFileSize/],
  ];
  for (const [name, text, line, column, message] of cases) {
    it(`${name}: error at ${line}:${column}`, () => {
      const { config, errors } = parseConfigFile(text);
      assert.equal(config, undefined, 'an invalid config is not used');
      assert.ok(errors.length > 0);
      assert.equal(errors[0]!.line, line, JSON.stringify(errors));
      assert.equal(errors[0]!.column, column, JSON.stringify(errors));
      assert.match(errors[0]!.message, message);
    });
  }

  it('path globs: * stays in a folder, ** crosses folders, bare names match at any depth, folders cover their contents', () => {
    const m = (p: string[]) => pathMatcher(p);
    assert.ok(m(['*.vmx'])('a/b/x.vmx'));
    assert.ok(!m(['/*.vmx'])('a/x.vmx'));
    assert.ok(m(['/*.vmx'])('x.vmx'));
    assert.ok(m(['templates'])('templates/a/b.vmx'));
    assert.ok(m(['templates/'])('lab/templates/b.vmx'));
    assert.ok(m(['lab/*/old.vmx'])('lab/x/old.vmx'));
    assert.ok(!m(['lab/*/old.vmx'])('lab/x/y/old.vmx'));
    assert.ok(m(['lab/**/old.vmx'])('lab/x/y/old.vmx'));
    assert.ok(m(['lab/**/old.vmx'])('lab/old.vmx'));
    assert.ok(!m(['lab/**/old.vmx'])('other/lab2/old.vmx'));
    assert.ok(m(['vm?.vmx'])('vm1.vmx'));
    assert.ok(!m(['vm?.vmx'])('vm10.vmx'));
  });

  it('precedence: overrides come after the file, so they win even over a more specific file entry', () => {
    const file = withConfigFile(defaultConfig(), { rules: { 'VMX-*': 'off', 'VMX-CONSOLE-VNC': 'high' }, maxFileSize: 10 });
    const both = withConfigFile(file, { rules: { 'VMX-*': 'low' } });
    assert.equal(ruleOverride(file, 'VMX-CONSOLE-VNC'), 'high');
    assert.equal(ruleOverride(both, 'VMX-CONSOLE-VNC'), 'low');
    assert.equal(both.maxFileSize, 10, 'what the overrides do not set stays from the file');
  });
});

describe('schemas/vharden.schema.json agrees with the validator', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'vharden.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const readmeExample = /## Project configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))![1]!;
  const samples: [string, string, boolean][] = [
    ['the README example', readmeExample, true],
    ['rules and ignore', 'rules:\n  VMX-ISO-*: "off"\nignore: [a/**]\n', true],
    ['unknown key', 'ignor: [a]\n', false],
    ['bad severity', 'rules:\n  VMX-CONSOLE-VNC: loud\n', false],
    ['maxFileSize as text', 'maxFileSize: big\n', false],
    ['monitoring unknown key', 'monitoring:\n  sensors: [a]\n', false],
    ['maxFileSize at the default', 'maxFileSize: 5242880\n', true],
    ['maxFileSize above the default', 'maxFileSize: 5242881\n', false],
    ['a long ignore glob', `ignore: ["${'a'.repeat(257)}"]\n`, false],
    ['a long rule glob', `rules:\n  "VMX-${'*'.repeat(253)}": off\n`, false],
  ];
  for (const [name, text, ok] of samples) {
    it(`${name}: ${ok ? 'valid' : 'invalid'} for both`, () => {
      assert.equal(parseConfigFile(text).errors.length === 0, ok, JSON.stringify(parseConfigFile(text).errors));
      assert.equal(validate(parse(text) ?? {}), ok, JSON.stringify(validate.errors));
    });
  }
});

describe('.vharden.yaml resolution (node)', () => {
  function tree(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-config-'));
    mkdirSync(join(dir, 'site', 'lab', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'site', 'prod'), { recursive: true });
    writeFileSync(join(dir, '.vharden.yaml'), 'rules:\n  VMX-CONSOLE-VNC: off\n');
    writeFileSync(join(dir, 'site', '.vharden.yaml'), 'rules:\n  VMX-ISO-USB: info\nignore:\n  - "lab/deep/**"\n  - "*.bak.vmx"\n');
    writeFileSync(join(dir, 'site', 'lab', '.vharden.yaml'), 'maxFileSize: 4096\n');
    return dir;
  }

  it('nearest config wins as a whole (not merged); upward search stops at the stop folder', () => {
    const dir = tree();
    const r = new ConfigResolver([dir]);
    const prod = r.resolve(join(dir, 'site', 'prod', 'vm.vmx'));
    assert.equal(prod.file, join(dir, 'site', '.vharden.yaml'));
    assert.equal(ruleOverride(prod.config, 'VMX-ISO-USB'), 'info');
    assert.equal(ruleOverride(prod.config, 'VMX-CONSOLE-VNC'), undefined, 'the outer config is not merged in');
    const lab = r.resolve(join(dir, 'site', 'lab', 'vm.vmx'));
    assert.equal(lab.file, join(dir, 'site', 'lab', '.vharden.yaml'));
    assert.equal(lab.config.maxFileSize, 4096);
    assert.equal(ruleOverride(lab.config, 'VMX-ISO-USB'), undefined);
    assert.equal(r.resolve(join(dir, 'top.vmx')).file, join(dir, '.vharden.yaml'));
    const stopped = new ConfigResolver([join(dir, 'site', 'prod')]);
    assert.equal(stopped.resolve(join(dir, 'site', 'prod', 'vm.vmx')).file, undefined, 'does not look above the stop folder');
  });

  it('ignore globs are relative to the config folder', () => {
    const dir = tree();
    const r = new ConfigResolver([dir]);
    assert.equal(r.resolve(join(dir, 'site', 'prod', 'old.bak.vmx')).ignored, true);
    assert.equal(r.resolve(join(dir, 'site', 'prod', 'vm.vmx')).ignored, false);
    // site/lab has its own config (nearest wins), so site's lab/deep/** does not apply there
    assert.equal(r.resolve(join(dir, 'site', 'lab', 'deep', 'x.vmx')).ignored, false);
  });

  it('a scan (fixed tree) shares settings per folder, but matches ignore globs and baselines per file', () => {
    const dir = tree();
    const fixed = new SettingsResolver({ roots: [dir], fixed: true });
    const plain = new SettingsResolver({ roots: [dir] });
    const files = ['site/prod/vm.vmx', 'site/prod/old.bak.vmx', 'site/prod/b.vmx', 'site/lab/deep/x.vmx', 'top.vmx', 'other.vmx'].map((f) => join(dir, f));
    const view = (s: ReturnType<SettingsResolver['forFile']>) => ({ ignored: s.ignored, scope: s.scope, file: s.configFile, rules: s.config.rules, baseline: s.baseline?.relPath });
    for (const f of files) assert.deepEqual(view(fixed.forFile(f)), view(plain.forFile(f)), f);
    assert.equal(fixed.forFile(join(dir, 'site', 'prod', 'old.bak.vmx')).ignored, true);
    assert.equal(fixed.forFile(join(dir, 'site', 'prod', 'b.vmx')).ignored, false, 'after an ignored file of the same folder');
    writeFileSync(join(dir, '.vharden-baseline.json'), JSON.stringify({ tool: 'vharden', version: 2, entries: [] }));
    const withBaseline = new SettingsResolver({ roots: [dir], fixed: true, baseline: { nearest: true } });
    assert.equal(withBaseline.forFile(join(dir, 'top.vmx')).baseline?.relPath, 'top.vmx');
    assert.equal(withBaseline.forFile(join(dir, 'other.vmx')).baseline?.relPath, 'other.vmx', 'each file its own path in the baseline');
  });

  it('overrides (CLI flags, editor settings) win over the file', () => {
    const dir = tree();
    const r = new ConfigResolver([dir], { rules: { 'VMX-ISO-USB': 'high' } });
    assert.equal(ruleOverride(r.resolve(join(dir, 'site', 'prod', 'vm.vmx')).config, 'VMX-ISO-USB'), 'high');
  });

  it('editor settings: only what is set overrides the file (unset maxFileSize is 0 from VS Code, empty lists and rules are nothing)', () => {
    const dir = tree();
    assert.deepEqual(toOverrides({ rules: {}, maxFileSize: 0, managementNetworks: [], monitoring: { requiredFor: [], authorizedSensors: [] } }), {});
    const r = new ConfigResolver([dir]);
    const lab = join(dir, 'site', 'lab', 'vm.vmx');
    assert.equal(r.resolve(lab, toOverrides({ maxFileSize: 0 })).config.maxFileSize, 4096, 'the file value stays');
    assert.equal(r.resolve(lab, toOverrides({ maxFileSize: 99 })).config.maxFileSize, 99, 'a set value wins');
    const both = r.resolve(join(dir, 'site', 'prod', 'vm.vmx'), toOverrides({ rules: { 'VMX-ISO-*': 'critical', bogus: 'loud' }, managementNetworks: ['192.0.2.0/24'] })).config;
    assert.equal(ruleOverride(both, 'VMX-ISO-USB'), 'critical', 'a settings glob wins over the file\'s exact id');
    assert.deepEqual(both.managementNetworks, ['192.0.2.0/24']);
    assert.equal(both.rules.bogus, undefined, 'invalid settings are dropped');
  });

  it('an invalid config is reported with its position', () => {
    const dir = tree();
    writeFileSync(join(dir, 'site', 'prod', '.vharden.yaml'), 'rules:\n  VMX-CONSOLE-VNC: sometimes\n');
    const res = new ConfigResolver([dir]).resolve(join(dir, 'site', 'prod', 'vm.vmx'));
    assert.ok(res.error);
    assert.match(res.error.message, /site\/prod\/\.vharden\.yaml:2:20: rule "VMX-CONSOLE-VNC": the setting must be/);
  });
});

describe('.vharden.yaml in the CLI', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  function project(config: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-config-cli-'));
    mkdirSync(join(dir, 'vms', 'templates'), { recursive: true });
    copyFileSync(INSECURE, join(dir, 'vms', 'fw.vmx'));
    copyFileSync(INSECURE, join(dir, 'vms', 'templates', 'base.vmx'));
    writeFileSync(join(dir, '.vharden.yaml'), config);
    return dir;
  }

  it('applies rules and ignore from the scan root; flags win', () => {
    const dir = project('rules:\n  VMX-CONSOLE-VNC: off\n  "VMX-ISO-*": info\nignore:\n  - templates/\n');
    const r = cli(['scan', '--format', 'json', '.'], dir);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([...new Set(report.findings.map((f: any) => f.path))], ['vms/fw.vmx']);
    assert.equal(report.summary.ignored, 1);
    assert.ok(!report.findings.some((f: any) => f.ruleId === 'VMX-CONSOLE-VNC'));
    assert.ok(report.findings.filter((f: any) => f.ruleId.startsWith('VMX-ISO-')).every((f: any) => f.severity === 'info'));
    const flagged = JSON.parse(cli(['scan', '--format', 'json', '--rule', 'VMX-CONSOLE-VNC=on', '.'], dir).stdout);
    assert.ok(flagged.findings.some((f: any) => f.ruleId === 'VMX-CONSOLE-VNC' && f.severity === 'critical'));
    const none = JSON.parse(cli(['scan', '--format', 'json', '--no-config', '.'], dir).stdout);
    assert.ok(none.findings.some((f: any) => f.path === 'vms/templates/base.vmx'));
  });

  it('an invalid config: exit 2 and file:line:column in the message', () => {
    const dir = project('rules:\n  VMX-CONSOLE-VNC: off\nmaxFileSize: -3\n');
    const r = cli(['scan', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid configuration:\n.*\.vharden\.yaml:3:14: maxFileSize must be a positive whole number of bytes/);
    assert.equal(r.stdout, '');
  });
});
