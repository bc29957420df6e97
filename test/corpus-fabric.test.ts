import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FileResult } from '../server/src/engine/engine';
import { runScan } from '../server/src/node/run-scan';
import { walk } from '../server/src/node/files';
import { CORPUS, hasCorpus, hitTable } from './helpers/corpus';

/**
 * Corpus files are unrelated samples, so each is scanned on its own (its own scope): a mirror
 * in one project's script must not clear a bridge of another project.
 */
function scanEach(folder: string): { results: FileResult[]; files: number; recognised: Map<string, number> } {
  const results: FileResult[] = [];
  const recognised = new Map<string, number>();
  let files = 0;
  for (const path of walk([join(CORPUS, folder)], [])) {
    files++;
    const r = runScan({ paths: [path], configFiles: false }).result;
    assert.deepEqual(r.problems, [], path);
    for (const file of r.files) {
      const length = readFileSync(file.path, 'utf8').length;
      for (const f of file.findings) {
        assert.ok(f.start >= 0 && f.start <= f.end && f.end <= length, `${file.path}: ${f.ruleId} range inside the file`);
        assert.notEqual(f.ruleId, 'VH-RULE-ERROR', `${file.path}: ${f.message}`);
      }
      if (file.format) recognised.set(file.format, (recognised.get(file.format) ?? 0) + 1);
      results.push(file);
    }
  }
  return { results, files, recognised };
}

const filesWith = (results: FileResult[], id: string) => results.filter((r) => r.findings.some((f) => f.ruleId === id && !f.suppressed)).length;

describe('corpus: switch fabric inputs', { skip: hasCorpus ? false : `no corpus at ${CORPUS}` }, () => {
  it('ovs-shell: every script is read; missing mirrors only where guest ports are attached', () => {
    const { results, files, recognised } = scanEach('ovs-shell');
    console.log(`ovs-shell: ${files} files, formats ${JSON.stringify(Object.fromEntries(recognised))}\n${hitTable(results)}`);
    assert.ok((recognised.get('ovs-shell') ?? 0) >= files * 0.8, 'scripts with ovs-vsctl are recognised');
    const missing = filesWith(results, 'OVS-MIR-MISSING');
    assert.ok(missing >= 3 && missing < files / 2, `OVS-MIR-MISSING in ${missing} of ${files} scripts`);
    // the thesis script mirrors s1 to a dedicated port: nothing to report
    assert.deepEqual(results.find((r) => r.path.endsWith('mirror-cmd.sh'))?.findings.map((f) => f.ruleId), []);
  });

  it('debian-interfaces: every file is read without parse errors', () => {
    const { results, files, recognised } = scanEach('debian-interfaces');
    console.log(`debian-interfaces: ${files} files\n${hitTable(results)}`);
    assert.equal(recognised.get('interfaces'), files);
    assert.equal(filesWith(results, 'VH-PARSE-ERROR'), 0);
  });

  it('netplan-yaml: every file is read; bridges without guests are not reported', () => {
    const { results, files, recognised } = scanEach('netplan-yaml');
    console.log(`netplan-yaml: ${files} files, formats ${JSON.stringify(Object.fromEntries(recognised))}\n${hitTable(results)}`);
    assert.equal(recognised.get('netplan'), files, `netplan files recognised: ${recognised.get('netplan')} of ${files}`);
    assert.ok(filesWith(results, 'OVS-MIR-MISSING') + filesWith(results, 'PVE-BRIDGE-MIR-MISSING') <= files / 10, 'missing-mirror rules do not flood netplan files');
  });
});
