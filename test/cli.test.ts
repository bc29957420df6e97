import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');
const INSECURE = join(EXAMPLES, 'vmware', 'build-fw-lab.vmx');
const HARDENED = join(EXAMPLES, 'vmware', 'db01-hardened.vmx');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vharden-cli-'));
}

describe('vharden CLI', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('text report: findings per file, then counts per severity; exit 1 on findings', () => {
    const r = cli(['scan', 'examples/vmware']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /examples\/vmware\/build-fw-lab\.vmx/);
    assert.match(r.stdout, /17:1 +critical VNC console is enabled/);
    assert.match(r.stdout, /VMX-CONSOLE-VNC/);
    assert.match(r.stdout, /✖ 10 findings \(1 critical, 2 high, 4 medium, 3 low, 0 info\) in 1 of 2 checked files\n$/);
  });

  it('exit 0 on a clean file, and --fail-on sets the threshold', () => {
    assert.equal(cli(['scan', HARDENED]).code, 0);
    assert.equal(cli(['scan', INSECURE, '--fail-on', 'critical']).code, 1);
    assert.equal(cli(['scan', INSECURE, '--rule', 'VMX-CONSOLE-VNC=off', '--fail-on', 'critical']).code, 0);
    assert.equal(cli(['scan', INSECURE, '--fail-on', 'never']).code, 0);
  });

  it('exit 2 on usage errors and unreadable input paths, with a message', () => {
    const bad = cli(['scan', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format "xml"/);
    assert.equal(cli(['scan', '--bogus']).code, 2);
    assert.equal(cli(['frobnicate']).code, 2);
    assert.equal(cli([]).code, 2);
    const missing = cli(['scan', 'no/such/path']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no\/such\/path: no such file or folder/);
    assert.equal(cli(['--help']).code, 0);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+/);
  });

  it('json report has 1-based positions, families and fixes', () => {
    const r = cli(['scan', INSECURE, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const vnc = report.findings.find((f: any) => f.ruleId === 'VMX-CONSOLE-VNC');
    assert.equal(vnc.line, 17);
    assert.equal(vnc.column, 1);
    assert.equal(vnc.family, 'exposed-management');
    assert.equal(vnc.fixes[0].safety, 'guarded');
    assert.equal(report.summary.findings, 10);
  });

  it('SARIF validates against the SARIF 2.1.0 schema and carries rule metadata and suppressions', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vm.vmx'), readFileSync(INSECURE, 'utf8').replace('usb_xhci.present = "TRUE"', 'usb_xhci.present = "TRUE" # vharden-ignore VMX-ISO-USB -- smart-card reader'));
    const r = cli(['scan', '--format', 'sarif', '.'], dir);
    assert.equal(r.code, 1);
    const log: any = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid: boolean = validate(log) as boolean;
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = log.runs[0];
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.help.markdown && rule.shortDescription.text && rule.fullDescription.text, `${rule.id} has help and descriptions`);
      assert.ok(Array.isArray(rule.properties.tags));
    }
    assert.ok(run.tool.driver.rules.find((x: any) => x.id === 'VMX-CONSOLE-VNC').properties.tags.includes('exposed-management'));
    const usb = run.results.find((x: any) => x.ruleId === 'VMX-ISO-USB');
    assert.deepEqual(usb.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'smart-card reader' }]);
    const vnc = run.results.find((x: any) => x.ruleId === 'VMX-CONSOLE-VNC');
    assert.equal(vnc.locations[0].physicalLocation.region.startLine, 17);
    assert.equal(vnc.locations[0].physicalLocation.artifactLocation.uri, 'vm.vmx');
    assert.equal(run.tool.driver.rules[vnc.ruleIndex].id, 'VMX-CONSOLE-VNC');
  });

  it('`scan --format sarif examples` from the repository root is valid SARIF', () => {
    const r = cli(['scan', '--format', 'sarif', 'examples']);
    const log: any = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const valid: boolean = ajv.validate(schema, log) as boolean;
    assert.ok(valid, JSON.stringify(ajv.errors?.slice(0, 5)));
    assert.ok(log.runs[0].results.length > 0);
  });

  it('--fix applies safe fixes in place, keeps CRLF and the BOM, and leaves guarded findings', () => {
    const dir = tmp();
    const file = join(dir, 'vm.vmx');
    const crlf = readFileSync(INSECURE, 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]));
    const r = cli(['scan', '--fix', '--format', 'json', file]);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
    const text = bytes.subarray(3).toString('utf8');
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'every line ending is still CRLF');
    assert.match(text, /debugStub\.listen\.guest64\.remote = "FALSE"\r\n/);
    assert.match(text, /RemoteDisplay\.maxConnections = "1"\r\n/);
    assert.match(text, /RemoteDisplay\.vnc\.enabled = "TRUE"/, 'guarded fix not applied');
    const report = JSON.parse(r.stdout);
    assert.ok(report.summary.fixed >= 5);
    assert.deepEqual([...new Set(report.findings.map((f: any) => f.ruleId))].sort(), ['VMX-CONSOLE-VNC', 'VMX-ISO-USB', 'VMX-PATCH-HWVERSION', 'VMX-SERIAL-NET']);
    const again = cli(['scan', '--fix', '--format', 'json', file]);
    assert.equal(JSON.parse(again.stdout).summary.fixed, 0, 'a second --fix changes nothing');
    assert.deepEqual(readFileSync(file), bytes);
  });

  it('recurses folders, recognises formats by content, skips unknown files, lists broken links and loops', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    copyFileSync(INSECURE, join(dir, 'a', 'b', 'vm-config.txt'));
    writeFileSync(join(dir, 'a', 'readme.md'), '# not a config\n');
    symlinkSync(join(dir, 'missing'), join(dir, 'a', 'dangling'));
    symlinkSync(dir, join(dir, 'a', 'loop'));
    const r = cli(['scan', '--format', 'json', '.'], dir);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([...new Set(report.findings.map((f: any) => f.path))], ['a/b/vm-config.txt']);
    assert.equal(report.summary.checked, 1);
    assert.ok(report.notRead.some((p: any) => p.path === 'a/dangling' && /broken symbolic link/.test(p.reason)));
    assert.ok(report.notRead.some((p: any) => p.path === 'a/loop' && /loop/.test(p.reason)));
    assert.equal(r.code, 1);
  });

  it('files over --max-file-size are reported as skipped, not parsed', () => {
    const r = cli(['scan', '--format', 'json', '--max-file-size', '100', INSECURE]);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings.map((f: any) => f.ruleId), ['VH-FILE-SKIPPED']);
  });

  it('output into a pipe closed early (`vharden rules | head -1`) ends quietly, as killed by SIGPIPE', () => {
    for (const args of [['rules'], ['scan', '--format', 'sarif', 'examples'], ['scan', 'examples']]) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${args.join(' ')} | head -c 1 >/dev/null`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|internal error/, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('lists rules', () => {
    const r = cli(['rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /VMX-CONSOLE-VNC +high +exposed-management +guarded/);
  });
});
