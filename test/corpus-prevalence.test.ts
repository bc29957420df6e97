/**
 * "A rule that fires on most real files needs a reason in its docs, or it is wrong": over the shared
 * corpus, a rule that fires on more than half of the files of the formats it reads (of at least
 * MIN_FILES such files) must say why in its `common` metadata (shown on its docs page).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS, filesUnder, hasCorpus } from './helpers/corpus';
import { allRules, formatsOf, isCrossFileRule } from '../server/src/catalog';
import { defaultConfig } from '../server/src/engine/config';
import { decodeBytes } from '../server/src/engine/decode';
import { lintText } from '../server/src/engine/engine';

/** Fewer files of a rule's formats than this say nothing about how often it fires. */
const MIN_FILES = 20;

describe('corpus: how often each rule fires', { skip: hasCorpus ? false : `no corpus at ${CORPUS}` }, () => {
  it('a rule that fires on most corpus files of its formats says why (meta.common)', () => {
    const filesOfFormat = new Map<string, number>();
    const firedIn = new Map<string, Set<string>>();
    for (const path of filesUnder(CORPUS)) {
      const rel = relative(CORPUS, path);
      if (!rel.includes('/')) continue; // MANIFEST.tsv, SOURCES.md
      const text = decodeBytes(readFileSync(path)).text;
      const result = lintText({ path, text, config: defaultConfig() });
      if (!result.format) continue;
      filesOfFormat.set(result.format, (filesOfFormat.get(result.format) ?? 0) + 1);
      for (const f of result.findings) {
        if (f.suppressed) continue;
        let set = firedIn.get(f.ruleId);
        if (!set) firedIn.set(f.ruleId, (set = new Set()));
        set.add(rel);
      }
    }
    const rows: Record<string, { fired: number; of: number; share: string; reason: string }> = {};
    const missing: string[] = [];
    for (const rule of allRules()) {
      if (isCrossFileRule(rule)) continue; // judged per scope, not per file
      const of = formatsOf(rule).reduce((n, f) => n + (filesOfFormat.get(f) ?? 0), 0);
      const fired = firedIn.get(rule.meta.id)?.size ?? 0;
      if (of < MIN_FILES || fired * 2 <= of) continue;
      rows[rule.meta.id] = { fired, of, share: `${Math.round((100 * fired) / of)}%`, reason: rule.meta.common ? 'given' : 'MISSING' };
      if (!rule.meta.common) missing.push(`${rule.meta.id} fires on ${fired} of ${of} corpus files of its formats`);
    }
    console.table(rows);
    assert.deepEqual(missing, [], 'give these rules a `common` reason in their metadata, or make them judge by context');
  });
});
