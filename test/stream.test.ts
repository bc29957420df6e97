import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../server/src/cli/main';
import type { FileResult } from '../server/src/engine/engine';
import { runScan } from '../server/src/node/run-scan';
import { countFindings, jsonDocument, jsonFindings } from '../server/src/report/json';
import { renderReport } from '../server/src/report/render';
import { sarifLog, sarifResults, sarifRules } from '../server/src/report/sarif';
import { profileSummary } from '../server/src/engine/context';
import { displayPath } from '../server/src/node/files';
import { ReadFiles } from '../server/src/report/read-files';
import { hostEstate } from '../scripts/bench/generate.mjs';
import { CORPUS } from './helpers/corpus';

const ROOT = join(__dirname, '..');
const VERSION = '0.0.0-dev';

/**
 * Host trees, loose folders nested in each other (one cross-file group) and beside each other, a
 * suppression, and a baseline that has stale entries: one of a file that is gone, one of a
 * finding that is fixed.
 */
function estate(): { root: string; baseline: string } {
  const root = mkdtempSync(join(tmpdir(), 'vharden-stream-'));
  cpSync(join(ROOT, 'examples'), join(root, 'tree'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/rules/OVS-MIR-OUTPUT/bad'), join(root, 'tree/ovs'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/rules/OVS-MIR-MISSING/bad'), join(root, 'tree/ovs/nested'), { recursive: true });
  cpSync(join(ROOT, 'examples/libvirt/insecure'), join(root, 'tree/more-hosts/h2'), { recursive: true });
  const vmx = join(root, 'tree/vmware/build-fw-lab.vmx');
  writeFileSync(vmx, `# vharden-ignore-file VMX-CONSOLE-VNC: lab console\n${readFileSync(vmx, 'utf8')}`);
  const baseline = join(root, 'baseline.json');
  const io = { stdout: () => {}, stderr: () => {}, isTty: false };
  assert.equal(run(['baseline', 'create', join(root, 'tree'), '-o', baseline], io), 0);
  rmSync(join(root, 'tree/esxi/nested-esxi-lab.vmx'));
  const qemu = join(root, 'tree/libvirt/insecure/etc/libvirt/qemu.conf');
  writeFileSync(qemu, readFileSync(qemu, 'utf8').replace(/^vnc_listen\s*=.*$/m, 'vnc_listen = "127.0.0.1"'));
  return { root, baseline };
}

function cli(args: string[]): { code: number; out: string } {
  let out = '';
  const code = run(args, { stdout: (s) => void (out += s), stderr: () => {}, isTty: false });
  return { code, out };
}

describe('streamed reports', () => {
  const { root, baseline } = estate();
  const tree = join(root, 'tree');
  const held = runScan({ paths: [tree], overrides: { rules: {} }, configFiles: true, strictConfig: true, baseline: { file: baseline, nearest: false } });

  it('the scan hands over each group once and keeps no findings then; the results equal a scan that holds them', () => {
    const groups: FileResult[][] = [];
    const streamed = runScan({ paths: [tree], overrides: { rules: {} }, configFiles: true, strictConfig: true, baseline: { file: baseline, nearest: false }, onGroup: (files) => groups.push(files) });
    assert.ok(groups.length > 5, `${groups.length} groups`);
    // nothing of the files is kept: the report gathers what its end says of them as they pass
    assert.deepEqual(streamed.result.files, []);
    assert.deepEqual(groups.flat(), held.result.files);
    assert.deepEqual(streamed.stale, held.stale);
    const read = new ReadFiles();
    for (const g of groups) read.add(g);
    assert.deepEqual([...read.shown()], held.result.files.map((f) => displayPath(f.path)));
    assert.deepEqual(read.profile('auto'), profileSummary(held.result.files, 'auto'));
    assert.ok(held.stale.some((e) => e.path.endsWith('nested-esxi-lab.vmx')) && held.stale.some((e) => e.path.endsWith('qemu.conf')), 'stale entries of a gone file and of a fixed finding');
  });

  for (const format of ['json', 'sarif', 'jsonl'] as const) {
    it(`vharden scan -f ${format}, with and without a baseline, writes what the report of the held scan says`, () => {
      for (const withBaseline of [true, false]) {
        const outcome = withBaseline ? held : runScan({ paths: [tree], overrides: { rules: {} }, configFiles: true, strictConfig: true });
        const expected = renderReport(format, outcome, { version: VERSION, baseline: withBaseline });
        const r = cli(['scan', tree, '-f', format, '--fail-on', 'high', ...(withBaseline ? ['--baseline', baseline] : [])]);
        assert.equal(r.out, expected);
        const failing = outcome.result.files.some((f) => f.findings.some((x) => !x.suppressed && !x.baselined && (x.severity === 'critical' || x.severity === 'high')));
        assert.equal(r.code, failing ? 1 : 0);
        if (!withBaseline) assert.equal(r.code, 1);
        const file = join(root, `report.${format}`);
        cli(['scan', tree, '-f', format, '-o', file, ...(withBaseline ? ['--baseline', baseline] : [])]);
        assert.equal(readFileSync(file, 'utf8'), expected);
      }
    });
  }

  it('the written text is the whole document stringified at once (also with no findings, and with only absent baseline entries)', () => {
    const gone = runScan({ paths: [join(tree, 'vmware/db01-hardened.vmx')], baseline: { file: baseline, nearest: false } });
    assert.ok(gone.stale.length > 0 && gone.result.files.every((f) => f.findings.length === 0));
    for (const [outcome, withBaseline] of [[held, true], [held, false], [gone, true], [gone, false]] as const) {
      const stale = withBaseline ? outcome.stale : undefined;
      const counts = { findings: 0, suppressed: 0, baselined: 0 };
      countFindings(outcome.result.files, counts);
      const json = jsonDocument(outcome.result, VERSION, jsonFindings(outcome.result.files), counts, { read: outcome.result.files.map((f) => displayPath(f.path)), profile: profileSummary(outcome.result.files, outcome.result.profile) }, stale, outcome.configuration);
      assert.equal(renderReport('json', outcome, { version: VERSION, baseline: withBaseline }), JSON.stringify(json, null, 2) + '\n');
      const driver = sarifRules();
      const sarif = sarifLog(outcome.result, VERSION, driver, sarifResults(outcome.result.files, driver, stale), profileSummary(outcome.result.files, outcome.result.profile), stale, outcome.configuration);
      assert.equal(renderReport('sarif', outcome, { version: VERSION, baseline: withBaseline }), JSON.stringify(sarif, null, 2) + '\n');
    }
    const lines = renderReport('jsonl', held, { version: VERSION, baseline: true }).split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.map((l) => JSON.parse(l)), JSON.parse(renderReport('json', held, { version: VERSION, baseline: true })).findings);
  });

  it('on host trees of corpus files (one cross-file scope per host), -f json, sarif and jsonl write what the report of the held scan says', (t) => {
    if (!existsSync(CORPUS)) {
      t.skip(`no corpus at ${CORPUS}`);
      return;
    }
    const hosts = join(root, 'corpus-hosts');
    hostEstate(CORPUS, hosts, 400);
    const outcome = runScan({ paths: [hosts], overrides: { rules: {} }, configFiles: true, strictConfig: true });
    assert.ok(outcome.result.files.filter((f) => f.findings.length).length > 50, 'the corpus files have findings');
    for (const format of ['json', 'sarif', 'jsonl'] as const) {
      const file = join(root, `corpus.${format}`);
      cli(['scan', hosts, '-f', format, '-o', file, '--fail-on', 'never']);
      assert.equal(readFileSync(file, 'utf8'), renderReport(format, outcome, { version: VERSION, baseline: false }), format);
    }
  });

  it('a scan that fails leaves the report file that was there', () => {
    const file = join(root, 'kept.json');
    writeFileSync(file, 'before\n');
    writeFileSync(join(tree, '.vharden.yaml'), 'rules: [not, a, map]\n');
    assert.throws(() => cli(['scan', tree, '-f', 'json', '-o', file]));
    assert.equal(readFileSync(file, 'utf8'), 'before\n');
    rmSync(join(tree, '.vharden.yaml'));
  });
});
