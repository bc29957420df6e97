import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { resolveContext } from '../server/src/engine/context';
import { runScan } from '../server/src/node/run-scan';
import { patchRules } from '../server/src/rules/patch';
import { extractVersions, VERSIONS_IN_TEXT } from '../server/src/formats/vsphere/versions';
import { PRODUCT_VERSIONS } from '../server/src/formats/vsphere/carriers';
import { CORPUS, hasCorpus, filesUnder } from './helpers/corpus';

describe('corpus: patch-level literals in Ansible and Terraform text', { skip: hasCorpus ? false : `no corpus at ${CORPUS}` }, () => {
  it('extracts version literals without crashing and runs the patch rules on every file\'s text', () => {
    const found: string[] = [];
    const hits = new Map<string, number>();
    let n = 0;
    let dvsVersions = 0;
    for (const folder of ['ansible-vmware-yaml', 'terraform-vsphere-tf']) {
      for (const path of filesUnder(join(CORPUS, folder))) {
        const text = readFileSync(path, 'utf8');
        n++;
        dvsVersions += (text.match(/^\s*(switch_)?version: 6\.5\.0\s*$/gm) ?? []).length;
        for (const v of extractVersions(text)) {
          assert.ok(v.start >= 0 && v.end <= text.length && v.start < v.end, `${path}: range`);
          found.push(`${relative(CORPUS, path)}: ${v.label} = ${text.slice(v.start, v.end)}`);
        }
        for (const rule of patchRules.filter((r) => r.input === PRODUCT_VERSIONS)) {
          for (const f of rule.check(VERSIONS_IN_TEXT, { path, text, config: defaultConfig(), system: resolveContext('auto', []) })) {
            assert.ok(f.start >= 0 && f.end <= text.length, `${path}: ${rule.meta.id} range`);
            hits.set(rule.meta.id, (hits.get(rule.meta.id) ?? 0) + 1);
          }
        }
      }
    }
    console.log(`patch literals in ${n} Ansible/Terraform files: ${found.length}\n${found.map((s) => '  ' + s).join('\n') || '  (none)'}`);
    console.log(`patch rule hits: ${[...hits].map(([id, c]) => `${id} ${c}`).join(', ') || 'none'}`);
    assert.ok(n > 200, `read ${n} files`);
    // the corpus names no ESXi/vCenter build; its `version: 6.5.0` values are distributed-switch versions
    assert.ok(dvsVersions >= 5, `the corpus holds distributed-switch versions (${dvsVersions})`);
    assert.ok(!found.some((s) => /switch_version|: version =/.test(s)), 'distributed-switch versions are not host versions');
  });

  it('no corpus file is taken for an esx.conf (the corpus has none)', () => {
    const result = runScan({ paths: [CORPUS], configFiles: false }).result;
    const esxconf = result.files.filter((f) => f.format === 'esxconf').map((f) => relative(CORPUS, f.path));
    console.log(`corpus files detected as esx.conf: ${esxconf.length} of ${result.checked} recognised`);
    assert.deepEqual(esxconf, []);
  });

  it('every recognised corpus file still scans with the patch rules on', () => {
    const result = runScan({ paths: [join(CORPUS, 'vmware-vmx'), join(CORPUS, 'ansible-vmware-yaml')], configFiles: false }).result;
    assert.ok(result.files.filter((f) => f.format === 'ansible').length >= 50, 'the Ansible corpus is read as Ansible');
    const patch = result.files.flatMap((f) => f.findings.filter((x) => x.ruleId.startsWith('PATCH-')).map((x) => `${relative(CORPUS, f.path)}:${x.line + 1} ${x.ruleId}`));
    // the module's own tests set `state: community` (newer collections carry the level in state)
    assert.equal(patch.filter((p) => p.endsWith('PATCH-VIB-ACCEPTANCE')).length, 3, patch.join('\n'));
    // raising the level breaks what the task is there for (installing a community VIB): never a bulk --fix
    const vib = result.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'PATCH-VIB-ACCEPTANCE'));
    assert.ok(vib.every((x) => x.fixes?.length && x.fixes.every((fix) => fix.safety === 'guarded')), JSON.stringify(vib.map((x) => x.fixes)));
    console.log(`vmware-vmx + ansible-vmware-yaml: ${result.checked} files, patch findings: ${patch.length}\n${patch.map((s) => '  ' + s).join('\n')}`);
    assert.ok(!result.files.some((f) => f.findings.some((x) => x.ruleId === 'VH-RULE-ERROR')));
  });
});
