import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS, filesUnder } from './helpers/corpus';
import { defaultConfig } from '../server/src/engine/config';
import { decodeBytes } from '../server/src/engine/decode';
import { lintText } from '../server/src/engine/engine';

const ANSIBLE = ['ansible-vmware-yaml'];
const OTHER_YAML = ['kubevirt-yaml', 'netplan-yaml'];

describe('corpus: Ansible and other YAML', () => {
  it('scans without crashing, keeps ranges inside files, and reports hits per rule', (t) => {
    if (!existsSync(CORPUS)) return t.skip(`no corpus at ${CORPUS}`);
    const hits = new Map<string, number>();
    let ansibleFiles = 0;
    let recognised = 0;
    for (const folder of [...ANSIBLE, ...OTHER_YAML]) {
      for (const path of filesUnder(join(CORPUS, folder))) {
        if (!/\.ya?ml$/i.test(path)) continue;
        const text = decodeBytes(readFileSync(path)).text;
        const result = lintText({ path, text, config: defaultConfig() });
        const rel = relative(CORPUS, path);
        if (OTHER_YAML.includes(folder)) {
          assert.notEqual(result.format, 'ansible', `${rel} is not read as Ansible`);
          continue;
        }
        ansibleFiles++;
        if (result.format === 'ansible') recognised++;
        for (const f of result.findings) {
          assert.notEqual(f.ruleId, 'VH-RULE-ERROR', `${rel}: ${f.message}`);
          assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, `${rel}: ${f.ruleId} range inside the file`);
          hits.set(f.ruleId, (hits.get(f.ruleId) ?? 0) + 1);
        }
      }
    }
    console.log(`\nAnsible corpus: ${recognised} of ${ansibleFiles} files recognised`);
    console.table(Object.fromEntries([...hits].sort((a, b) => b[1] - a[1]).map(([rule, n]) => [rule, { hits: n }])));
    assert.ok(recognised > ansibleFiles / 2, 'most community.vmware files are recognised');
  });
});
