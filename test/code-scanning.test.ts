/**
 * Code scanning and CI: SARIF rule help from the docs pages, helpUri only from --docs-url (https),
 * fingerprints that survive line moves; the pre-commit hooks (run by the real pre-commit when it is
 * installed), the GitHub composite action's and the GitLab template's scripts run as written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vharden-cs-'));
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder holding a `vharden` command that runs the built CLI, as an installed one would. */
function binDir(): string {
  const dir = tmp();
  writeFileSync(join(dir, 'vharden'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(dir, 'vharden'), 0o755);
  return dir;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

describe('code scanning', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('rule descriptors carry the docs page as help, and no helpUri without --docs-url', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vm.vmx'), INSECURE);
    const log = JSON.parse(cli(['scan', '-f', 'sarif', '.'], dir).stdout);
    const rules: any[] = log.runs[0].tool.driver.rules;
    for (const r of rules) assert.equal(r.helpUri, undefined, `${r.id} has no helpUri`);
    const vnc = rules.find((r) => r.id === 'VMX-CONSOLE-VNC');
    const page = readFileSync(join(ROOT, 'docs', 'rules', 'VMX-CONSOLE-VNC.md'), 'utf8');
    assert.equal(vnc.help.markdown, page);
    assert.match(vnc.help.markdown, /## Why it matters[\s\S]*## How to fix it[\s\S]*## Example that is reported/);
    assert.ok(vnc.help.text.includes(vnc.fullDescription.text));
    assert.ok(!JSON.stringify(rules).includes('file://'), 'no rule points at a local file');
  });

  it('a log lists only the rules its results reference, so one finding makes a small log that validates', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vm.vmx'), 'config.version = "8"\nRemoteDisplay.vnc.enabled = "TRUE"\n');
    const r = cli(['scan', '-f', 'sarif', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const run = log.runs[0];
    assert.deepEqual(run.results.map((x: any) => x.ruleId), ['VMX-CONSOLE-VNC']);
    assert.deepEqual(run.tool.driver.rules.map((x: any) => x.id), ['VMX-CONSOLE-VNC']);
    assert.equal(run.results[0].ruleIndex, 0);
    // the one rule's docs page is the bulk of it; every rule's page would be megabytes
    assert.ok(Buffer.byteLength(r.stdout) < 64 * 1024, `${Buffer.byteLength(r.stdout)} bytes`);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, log), JSON.stringify(ajv.errors?.slice(0, 5)));

    // many findings of several rules: each rule once, every ruleIndex naming its own rule
    writeFileSync(join(dir, 'vm.vmx'), INSECURE);
    const many = JSON.parse(cli(['scan', '-f', 'sarif', '.'], dir).stdout).runs[0];
    const ids = many.tool.driver.rules.map((x: any) => x.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(new Set(ids), new Set(many.results.map((x: any) => x.ruleId)));
    for (const x of many.results) assert.equal(many.tool.driver.rules[x.ruleIndex].id, x.ruleId);
  });

  it('a clean scan lists no rules', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vm.vmx'), readFileSync(join(ROOT, 'examples', 'vmware', 'db01-hardened.vmx'), 'utf8'));
    const run = JSON.parse(cli(['scan', '-f', 'sarif', '.'], dir).stdout).runs[0];
    assert.deepEqual(run.results, []);
    assert.deepEqual(run.tool.driver.rules, []);
  });

  it('--docs-url gives https helpUris; other schemes and local paths are refused', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vm.vmx'), INSECURE);
    const log = JSON.parse(cli(['scan', '-f', 'sarif', '--docs-url', 'https://docs.example.org/vharden/rules/', '.'], dir).stdout);
    const vnc = log.runs[0].tool.driver.rules.find((r: any) => r.id === 'VMX-CONSOLE-VNC');
    assert.equal(vnc.helpUri, 'https://docs.example.org/vharden/rules/VMX-CONSOLE-VNC.md');
    for (const bad of ['http://docs.example.org', 'file:///usr/share/doc', '/usr/share/doc', 'https://x.example/?q=1']) {
      const r = cli(['scan', '-f', 'sarif', '--docs-url', bad, '.'], dir);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--docs-url/);
    }
  });

  it('partialFingerprints survive lines moving, and differ between findings', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vm.vmx'), INSECURE);
    const before = JSON.parse(cli(['scan', '-f', 'sarif', '.'], dir).stdout).runs[0].results;
    writeFileSync(join(dir, 'vm.vmx'), `# moved\n# down\n\n${INSECURE}`);
    const after = JSON.parse(cli(['scan', '-f', 'sarif', '.'], dir).stdout).runs[0].results;
    const print = (r: any) => `${r.ruleId} ${r.partialFingerprints['vharden/v1']}`;
    assert.deepEqual(after.map(print).sort(), before.map(print).sort());
    assert.notDeepEqual(after.map((r: any) => r.locations[0].physicalLocation.region?.startLine), before.map((r: any) => r.locations[0].physicalLocation.region?.startLine));
    assert.equal(new Set(before.map(print)).size, before.length);
  });

  it('the pre-commit hooks run through the real pre-commit', { skip: has('pre-commit') && has('git') ? false : 'pre-commit or git not installed' }, () => {
    const hooks = tmp();
    writeFileSync(join(hooks, '.pre-commit-hooks.yaml'), readFileSync(join(ROOT, '.pre-commit-hooks.yaml')));
    const git = (cwd: string, ...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    git(hooks, 'init', '-q');
    git(hooks, 'add', '.');
    git(hooks, 'commit', '-q', '-m', 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD');
    const repo = tmp();
    git(repo, 'init', '-q');
    writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: vharden\n`);
    writeFileSync(join(repo, 'README.md'), 'not a configuration file\n');
    mkdirSync(join(repo, 'vms'));
    writeFileSync(join(repo, 'vms', 'db01.vmx'), readFileSync(join(ROOT, 'examples', 'vmware', 'db01-hardened.vmx')));
    git(repo, 'add', '.');
    const env = { ...process.env, PATH: `${binDir()}:${process.env.PATH}`, PRE_COMMIT_HOME: join(tmp(), 'cache'), HOME: tmp() };
    const run = () => spawnSync('pre-commit', ['run', '--all-files'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26, env });
    const clean = run();
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /vharden \(virtualization hardening\)\.+Passed/);
    writeFileSync(join(repo, 'vms', 'lab.vmx'), INSECURE);
    git(repo, 'add', '.');
    const dirty = run();
    assert.equal(dirty.status, 1, dirty.stdout + dirty.stderr);
    assert.match(dirty.stdout, /Failed[\s\S]*VMX-CONSOLE-VNC/);
    assert.doesNotMatch(dirty.stdout, /db01\.vmx\n\s+\d+:\d+\s+(high|critical)/);
  });

  it("the GitHub action's scan step writes SARIF, sets its output and fails on the threshold", () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps.find((s: any) => s.id === 'scan');
    for (const [name, value] of Object.entries(step.env as Record<string, string>)) assert.match(value, /^\$\{\{ inputs\.[a-z-]+ \}\}$/, `${name} passes an input through env only`);
    assert.doesNotMatch(step.run, /\$\{\{/, 'no expression is spliced into the script');
    const ws = tmp();
    writeFileSync(join(ws, 'lab.vmx'), INSECURE);
    const outputs = join(ws, 'gh-output');
    const run = (failOn: string) => spawnSync('bash', ['-c', step.run], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${binDir()}:${process.env.PATH}`, GITHUB_OUTPUT: outputs, VHARDEN_PATH: '.', VHARDEN_INSTALL: '', VHARDEN_OUTPUT: 'out.sarif', VHARDEN_FAIL_ON: failOn, VHARDEN_DOCS_URL: 'https://docs.example.org/rules', VHARDEN_ARGS: '--profile server' },
    });
    const never = run('never');
    assert.equal(never.status, 0, never.stderr);
    const log = JSON.parse(readFileSync(join(ws, 'out.sarif'), 'utf8'));
    assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'VMX-CONSOLE-VNC'));
    assert.equal(log.runs[0].tool.driver.rules[0].helpUri.startsWith('https://docs.example.org/rules/'), true);
    assert.deepEqual(log.runs[0].properties.profile.profiles, { server: 1 });
    assert.match(readFileSync(outputs, 'utf8'), /^sarif=out\.sarif$/m);
    assert.equal(run('high').status, 1);
  });

  it('the GitLab template job writes SARIF and HTML and fails on its threshold', () => {
    const template = parse(readFileSync(join(ROOT, 'ci', 'gitlab', 'vharden.gitlab-ci.yml'), 'utf8'));
    const job = template['.vharden'];
    assert.deepEqual(job.artifacts.paths, ['vharden.sarif', 'vharden.html']);
    const ws = tmp();
    writeFileSync(join(ws, 'lab.vmx'), INSECURE);
    const r = spawnSync('sh', ['-c', job.script.join('\n')], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${binDir()}:${process.env.PATH}`, ...job.variables } });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.parse(readFileSync(join(ws, 'vharden.sarif'), 'utf8')).version, '2.1.0');
    assert.match(readFileSync(join(ws, 'vharden.html'), 'utf8'), /VMX-CONSOLE-VNC/);
  });
});
