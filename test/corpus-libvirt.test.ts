import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS, filesUnder } from './helpers/corpus';
import { defaultConfig } from '../server/src/engine/config';
import { decodeBytes } from '../server/src/engine/decode';
import { lintText } from '../server/src/engine/engine';
import { detectFormat } from '../server/src/catalog';


describe('libvirt corpus', () => {
  it('scans every ../shared/corpus/libvirt-* file without a crash, findings inside their files', (t) => {
    if (!existsSync(CORPUS)) {
      t.skip(`no corpus at ${CORPUS}`);
      return;
    }
    const folders = readdirSync(CORPUS).filter((d) => d.startsWith('libvirt-'));
    assert.ok(folders.length > 0, 'libvirt-* corpus folders exist');
    const hits = new Map<string, number>();
    const formats = new Map<string, number>();
    let total = 0;
    const started = Date.now();
    for (const folder of folders) {
      for (const path of filesUnder(join(CORPUS, folder))) {
        total++;
        const { text } = decodeBytes(readFileSync(path));
        const format = detectFormat(path, text);
        const key = `${folder} → ${format?.id ?? '(not recognised)'}`;
        formats.set(key, (formats.get(key) ?? 0) + 1);
        if (!format) continue;
        const result = lintText({ path, text, config: defaultConfig(), formatId: format.id });
        for (const f of result.findings) {
          assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, `${path}: ${f.ruleId} range inside the file`);
          assert.notEqual(f.ruleId, 'VH-RULE-ERROR', `${path}: ${f.message}`);
          hits.set(f.ruleId, (hits.get(f.ruleId) ?? 0) + 1);
        }
      }
    }
    console.log(`libvirt corpus: ${total} files in ${Date.now() - started} ms`);
    console.table([...formats].sort().map(([k, v]) => ({ 'folder → format': k, files: v })));
    console.table([...hits].sort().map(([rule, n]) => ({ rule, findings: n })));
    assert.ok(total > 0);
  });
});
