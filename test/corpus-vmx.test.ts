import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runScan } from '../server/src/node/run-scan';
import { CORPUS, hasCorpus, hitTable } from './helpers/corpus';

describe('corpus: vmware-vmx', { skip: hasCorpus ? false : `no corpus at ${CORPUS}` }, () => {
  it('scans every .vmx without crashing; findings stay inside their files and stay sane', () => {
    const result = runScan({ paths: [join(CORPUS, 'vmware-vmx')], configFiles: false }).result;
    assert.ok(result.checked >= 120, `checked ${result.checked} files`);
    assert.deepEqual(result.problems, []);
    for (const file of result.files) {
      for (const f of file.findings) {
        assert.ok(f.start <= f.end, `${file.path}: ${f.ruleId} range`);
        assert.notEqual(f.ruleId, 'VH-RULE-ERROR', `${file.path}: ${f.message}`);
      }
    }
    const table = hitTable(result.files);
    console.log(`vmware-vmx: ${result.checked} files\n${table}`);
    const filesWith = (id: string) => result.files.filter((r) => r.findings.some((f) => f.ruleId === id)).length;
    // Calibration (catalog §10): most corpus files are Workstation/test files, so the
    // maxConnections rule must not fire on nearly all of them.
    assert.ok(filesWith('VMX-CONSOLE-MAXCONN') < result.checked / 2, 'VMX-CONSOLE-MAXCONN is not flooding the corpus');
    assert.ok(filesWith('VMX-CONSOLE-VNC') >= 2, 'the VNC examples in the corpus are found');
  });
});
