/**
 * `vharden merge`: hosts' SARIF logs become one run per host (automationDetails.id), rules deduplicated,
 * within code scanning's limits (20 runs per log, 25,000 results per run); `--format html` is a fleet
 * matrix, worst hosts first, with each rule's spread over the hosts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');
const HARDENED = readFileSync(join(ROOT, 'examples', 'vmware', 'db01-hardened.vmx'), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function validator() {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('vharden merge', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  let dir: string;
  const scans: Record<string, any> = {};
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vharden-merge-'));
    // three hosts: two with the open VNC console, one hardened
    for (const [host, vmx] of [['esx-a', INSECURE], ['esx-b', INSECURE], ['esx-c', HARDENED]] as const) {
      const root = join(dir, 'trees', host);
      cpSync(join(ROOT, 'examples', 'host-kvm01'), root, { recursive: true });
      writeFileSync(join(root, 'vm.vmx'), vmx);
      const r = cli(['scan', join('trees', host), '-f', 'sarif', '-o', `${host}.sarif`, '--fail-on', 'never'], dir);
      assert.equal(r.code, 0, r.stderr);
      scans[host] = JSON.parse(readFileSync(join(dir, `${host}.sarif`), 'utf8'));
    }
  });

  it('one valid run per host, named by automationDetails.id; rules deduplicated and indexed; duplicates dropped', () => {
    const r = cli(['merge', 'esx-b.sarif', 'esx-a.sarif', 'esx-c.sarif', 'esx-a.sarif', '-o', 'fleet.sarif'], dir);
    assert.equal(r.code, 0, r.stderr);
    const log: any = JSON.parse(readFileSync(join(dir, 'fleet.sarif'), 'utf8'));
    const validate = validator();
    assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.deepEqual(log.runs.map((x: any) => x.automationDetails.id), ['esx-a/', 'esx-b/', 'esx-c/']);
    for (const run of log.runs) {
      const host = run.automationDetails.id.slice(0, -1);
      assert.equal(run.properties.host, host);
      assert.equal(run.results.length, scans[host].runs[0].results.length, `${host}: every result once`);
      const ids = run.tool.driver.rules.map((x: any) => x.id);
      assert.equal(new Set(ids).size, ids.length, 'no rule twice');
      for (const res of run.results) assert.equal(ids[res.ruleIndex], res.ruleId);
      assert.deepEqual([...new Set(run.results.map((x: any) => x.ruleId))].sort(), [...ids].sort(), 'only the rules the results use');
    }
    assert.ok(log.runs[0].results.some((x: any) => x.ruleId === 'VMX-CONSOLE-VNC'));
    assert.ok(!log.runs[2].results.some((x: any) => x.ruleId === 'VMX-CONSOLE-VNC'));
  });

  it('a run that names its host keeps that name; a second merge of merged logs changes nothing', () => {
    const named = structuredClone(scans['esx-a']);
    named.runs[0].automationDetails = { id: 'rack7/esx-a-prod/' };
    writeFileSync(join(dir, 'named.sarif'), JSON.stringify(named));
    assert.equal(cli(['merge', 'named.sarif', 'esx-c.sarif', '-o', 'm1.sarif'], dir).code, 0);
    const once = JSON.parse(readFileSync(join(dir, 'm1.sarif'), 'utf8'));
    assert.deepEqual(once.runs.map((x: any) => x.automationDetails.id), ['esx-c/', 'rack7/esx-a-prod/']);
    assert.equal(cli(['merge', 'm1.sarif', '-o', 'm2.sarif'], dir).code, 0);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'm2.sarif'), 'utf8')), once);
  });

  it('more hosts than code scanning takes per upload are split into numbered logs of at most 20 runs', () => {
    const names: string[] = [];
    for (let i = 0; i < 45; i++) {
      const log = structuredClone(scans['esx-a']);
      log.runs[0].automationDetails = { id: `host${String(i).padStart(2, '0')}/` };
      writeFileSync(join(dir, `h${i}.sarif`), JSON.stringify(log));
      names.push(`h${i}.sarif`);
    }
    const r = cli(['merge', ...names, '-o', 'big.sarif'], dir);
    assert.equal(r.code, 0, r.stderr);
    const runs = ['big-1.sarif', 'big-2.sarif', 'big-3.sarif'].map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).runs.length);
    assert.deepEqual(runs, [20, 20, 5]);
    assert.ok(!existsSync(join(dir, 'big.sarif')) && !existsSync(join(dir, 'big-4.sarif')));
    assert.equal(cli(['merge', 'h1.sarif', 'h2.sarif', 'h3.sarif', '--runs-per-file', '2', '-o', 'small.sarif'], dir).code, 0);
    assert.equal(JSON.parse(readFileSync(join(dir, 'small-2.sarif'), 'utf8')).runs.length, 1);
    assert.equal(cli(['merge', 'h1.sarif', '--runs-per-file', '21', '-o', 'x.sarif'], dir).code, 2);
  });

  it('a run over 25,000 results keeps the most severe and says how many it left out', () => {
    const rule = { id: 'X-1', shortDescription: { text: 'x' } };
    const results = Array.from({ length: 25_010 }, (_, i) => ({ ruleId: 'X-1', ruleIndex: 0, level: i < 10 ? 'error' : 'note', message: { text: `r${i}` }, properties: { severity: i < 10 ? 'critical' : 'low' } }));
    writeFileSync(join(dir, 'huge.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'other', rules: [rule] } }, results: [...results].reverse() }] }));
    const r = cli(['merge', 'huge.sarif', '-o', 'huge-out.sarif'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /huge: 10 results left out/);
    const run = JSON.parse(readFileSync(join(dir, 'huge-out.sarif'), 'utf8')).runs[0];
    assert.equal(run.results.length, 25_000);
    assert.equal(run.results.filter((x: any) => x.properties.severity === 'critical').length, 10);
    assert.match(run.invocations[0].toolExecutionNotifications.at(-1).message.text, /10 results left out/);
  });

  it('inputs that are not SARIF logs are a usage error naming the file', () => {
    writeFileSync(join(dir, 'notjson.sarif'), '{');
    writeFileSync(join(dir, 'other.sarif'), JSON.stringify({ version: '2.0.0', runs: [] }));
    for (const [file, why] of [['notjson.sarif', /notjson\.sarif: not JSON/], ['other.sarif', /other\.sarif: not a SARIF 2\.1\.0 log/], ['missing.sarif', /cannot read missing\.sarif/]] as const) {
      const r = cli(['merge', 'esx-a.sarif', file, '-o', 'bad.sarif'], dir);
      assert.equal(r.code, 2, file);
      assert.match(r.stderr, why);
    }
    assert.ok(!existsSync(join(dir, 'bad.sarif')), 'nothing written');
    assert.equal(cli(['merge', 'esx-a.sarif'], dir).code, 2, '-o is required');
  });

  it('--format html: host × family matrix, worst hosts first, each rule with the hosts it is on; host names escaped', () => {
    const hostile = structuredClone(scans['esx-b']);
    hostile.runs[0].automationDetails = { id: '<img src=x onerror=alert(1)>/' };
    writeFileSync(join(dir, 'hostile.sarif'), JSON.stringify(hostile));
    const r = cli(['merge', 'esx-c.sarif', 'esx-a.sarif', 'esx-b.sarif', 'hostile.sarif', '-f', 'html', '-o', 'fleet.html'], dir);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(join(dir, 'fleet.html'), 'utf8');
    assert.ok(!html.includes('<img'), 'host names are escaped');
    const rows = [...html.matchAll(/<tr><td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);
    assert.deepEqual(rows, ['&lt;img src=x onerror=alert(1)&gt;', 'esx-a', 'esx-b', 'esx-c'], 'worst first, then by name');
    assert.match(html, /<th>exposed-management<\/th>/);
    assert.match(html, /VNC[^<]*<code>VMX-CONSOLE-VNC<\/code><\/td>\s*<td>on 3 of 4 hosts<\/td>/);
    assert.match(html, /4 hosts, \d+ findings; 0 hosts without findings/);
  });
});
