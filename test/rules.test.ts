import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules, canonicalRuleId, formatsOf } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { FAMILIES, SEVERITIES } from '../server/src/engine/types';
import { FIXTURES, fixturesOf, lintFixture } from './helpers/fixtures';

const DOCS = join(__dirname, '..', 'docs', 'rules');

describe('rule metadata (every rule is complete)', () => {
  for (const rule of allRules()) {
    const m = rule.meta;
    it(`${m.id} has id, family, severity, fix safety, references, prose, docs and fixtures`, () => {
      assert.match(m.id, /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, 'id is UPPER-KEBAB with a format prefix');
      assert.ok((FAMILIES as readonly string[]).includes(m.family), `family ${m.family}`);
      assert.ok((SEVERITIES as readonly string[]).includes(m.severity), `severity ${m.severity}`);
      assert.ok(['safe', 'guarded', 'none'].includes(m.fixSafety), `fixSafety ${m.fixSafety}`);
      assert.ok(m.references.length > 0, 'at least one reference');
      assert.ok(m.formats.length > 0, 'reads at least one format');
      if ('input' in rule && rule.input) assert.deepEqual([...m.formats].sort(), formatsOf(rule).sort(), `formats lists the formats that provide ${rule.input}`);
      for (const a of m.aliases ?? []) assert.equal(canonicalRuleId(a), m.id, `former id ${a} resolves to ${m.id}`);
      assert.ok(m.title.length > 5 && m.risk.length > 40 && m.remedy.length > 20, 'title, risk and remedy are written');
      assert.ok(existsSync(join(DOCS, `${m.id}.md`)), `docs/rules/${m.id}.md exists`);
      const { fixtures, expected } = fixturesOf(m.id);
      assert.ok(fixtures.some((f) => f.kind === 'bad'), `test/fixtures/rules/${m.id}/bad/ has a fixture`);
      assert.ok(fixtures.some((f) => f.kind === 'good'), `test/fixtures/rules/${m.id}/good/ has a fixture`);
      assert.ok(expected, `test/fixtures/rules/${m.id}/expected.json exists`);
      for (const f of fixtures.filter((x) => x.kind === 'bad')) assert.ok(expected![f.rel], `expected.json lists ${f.rel}`);
    });
  }

  it('every fixture folder belongs to a rule', () => {
    const ids = new Set(allRules().map((r) => r.meta.id));
    for (const dir of readdirSync(FIXTURES)) assert.ok(ids.has(dir), `fixture folder ${dir} has no rule`);
  });

  it('rule ids are unique', () => {
    const ids = allRules().map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('rule fixtures', () => {
  for (const rule of allRules()) {
    const id = rule.meta.id;
    const { fixtures, expected, config } = fixturesOf(id);
    for (const fx of fixtures) {
      it(`${id} ${fx.rel}`, () => {
        const siblings = fixtures.filter((f) => f.kind === fx.kind);
        const result = lintFixture(fx.path, fx.text, rule.meta.formats[0], config, siblings);
        assert.ok(result.format, `${fx.rel} is recognised as a format`);
        const hits = result.findings.filter((f) => f.ruleId === id && !f.suppressed);
        if (fx.kind === 'good') {
          assert.deepEqual(hits.map((h) => `${h.line + 1}: ${h.message}`), [], 'a good fixture has no finding of this rule');
          return;
        }
        const lines = [...new Set(hits.map((h) => h.line + 1))].sort((a, b) => a - b);
        assert.deepEqual(lines, [...(expected?.[fx.rel] ?? [])].sort((a, b) => a - b), 'findings on exactly the expected lines');
        for (const h of hits) {
          assert.ok(h.start >= 0 && h.end <= fx.text.length && h.start <= h.end, 'range inside the document');
          assert.ok(h.locator.length > 0, 'finding has a locator');
          if (rule.meta.fixSafety === 'none') assert.equal(h.fixes?.length ?? 0, 0, 'fixSafety none: no text fix');
          for (const fix of h.fixes ?? []) {
            if (rule.meta.fixSafety === 'guarded') assert.notEqual(fix.safety, 'safe', 'a guarded rule offers no safe fix');
            // editors show quick-fix titles as plain text, so Markdown would show as stray characters
            assert.doesNotMatch(fix.title, /`|\*\*/, `fix title "${fix.title}" is plain text`);
            if (fix.safety === 'guarded') assert.match(fix.title, /\(guarded: [^)]+\)/, `guarded fix title "${fix.title}" says what it may break`);
            const once = applyEdits(fx.text, fix.edits);
            assert.equal(once.skipped, 0, `fix "${fix.title}" applies cleanly`);
            const after = lintFixture(fx.path, once.text, rule.meta.formats[0], config, siblings).findings.filter((f) => f.ruleId === id && f.locator === h.locator && !f.suppressed);
            assert.equal(after.length, 0, `fix "${fix.title}" removes the finding at ${h.locator}`);
          }
          for (const t of h.templates ?? []) {
            const applied = applyEdits(fx.text, t.edits);
            assert.equal(applied.skipped, 0, `template "${t.title}" applies cleanly`);
            assert.doesNotMatch(t.title, /`|\*\*/, `template title "${t.title}" is plain text`);
            assert.notEqual(applied.text, fx.text, `template "${t.title}" inserts something`);
          }
        }
      });
    }
  }
});

describe('docs pages', () => {
  it('each docs page names its rule', () => {
    for (const rule of allRules()) {
      const page = readFileSync(join(DOCS, `${rule.meta.id}.md`), 'utf8');
      assert.ok(page.startsWith(`# ${rule.meta.id}`), `${rule.meta.id}.md starts with its id`);
    }
  });
});

describe('generated docs are up to date', () => {
  it('docs/rules matches `npm run docs`', async () => {
    const { docsFiles } = await import('../scripts/docs');
    for (const [rel, content] of docsFiles()) {
      const path = join(__dirname, '..', rel);
      assert.ok(existsSync(path), `${rel} exists (run npm run docs)`);
      assert.equal(readFileSync(path, 'utf8'), content, `${rel} is stale: run npm run docs`);
    }
    const generated = new Set([...docsFiles().keys()].map((rel) => rel.replace(/^docs\/rules\//, '')));
    for (const name of readdirSync(DOCS)) assert.ok(generated.has(name), `docs/rules/${name} is not generated by npm run docs (a removed rule?)`);
  });
});
