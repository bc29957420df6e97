import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import type { TextEdit } from '../server/src/engine/types';
import { fixturesOf, lintFixture } from './helpers/fixtures';

/**
 * Every quick fix of the libvirt XML rules, applied to every fixture, must leave a document that
 * libvirt's own schema checker accepts. Runs whenever virt-xml-validate is installed, and always in CI.
 */

const XML_FORMATS = new Set(['libvirt-domain', 'libvirt-network']);
const tool = spawnSync('virt-xml-validate', ['--version'], { encoding: 'utf8', maxBuffer: 1 << 26 });
const available = !tool.error;
const dir = mkdtempSync(join(tmpdir(), 'vharden-validate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function validate(text: string): { ok: boolean; output: string } {
  const file = join(dir, `doc-${counter++}.xml`);
  writeFileSync(file, text);
  const r = spawnSync('virt-xml-validate', [file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

describe('libvirt XML fixes pass virt-xml-validate', () => {
  const rules = allRules().filter((r) => r.meta.formats.some((f) => XML_FORMATS.has(f)));

  it('virt-xml-validate is available (required when CI is set)', (t) => {
    if (!available && !process.env.CI) {
      t.skip('virt-xml-validate is not installed (Debian package libvirt-clients); CI installs it');
      return;
    }
    assert.ok(available, 'virt-xml-validate must be installed in CI (.ci/run installs libvirt-clients)');
  });

  for (const rule of rules) {
    const { fixtures, expected } = fixturesOf(rule.meta.id);
    for (const fx of fixtures.filter((f) => f.path.endsWith('.xml'))) {
      it(`${rule.meta.id} ${fx.rel}: the fixture and each fixed version validate`, (t) => {
        if (!available && !process.env.CI) {
          t.skip('virt-xml-validate is not installed');
          return;
        }
        const original = validate(fx.text);
        assert.ok(original.ok, `fixture ${fx.rel} is valid libvirt XML:\n${original.output}`);
        // linted with its siblings, as the rule fixtures are: a host tree is judged as a whole
        const siblings = fixtures.filter((f) => f.kind === fx.kind);
        const findings = lintFixture(fx.path, fx.text, rule.meta.formats[0], undefined, siblings).findings.filter((f) => f.ruleId === rule.meta.id);
        const all: TextEdit[] = [];
        let fixes = 0;
        for (const f of findings) {
          for (const fix of f.fixes ?? []) {
            fixes++;
            const applied = applyEdits(fx.text, fix.edits);
            assert.equal(applied.skipped, 0);
            const r = validate(applied.text);
            assert.ok(r.ok, `after "${fix.title}" at ${f.locator}:\n${r.output}\n${applied.text}`);
          }
          if (f.fixes?.[0]) all.push(...f.fixes[0].edits);
        }
        if (fx.kind === 'bad' && rule.meta.fixSafety !== 'none' && expected?.[fx.rel]?.length !== 0) assert.ok(fixes > 0, 'a bad fixture of a rule with fixes offers at least one');
        if (all.length > 1) {
          const together = applyEdits(fx.text, all);
          const r = validate(together.text);
          assert.ok(r.ok, `after all first fixes together:\n${r.output}\n${together.text}`);
        }
      });
    }
  }

  it('a fixed domain with every rule\'s first fix applied at once still validates', (t) => {
    if (!available && !process.env.CI) {
      t.skip('virt-xml-validate is not installed');
      return;
    }
    for (const rule of rules) {
      for (const fx of fixturesOf(rule.meta.id).fixtures.filter((f) => f.kind === 'bad' && f.path.endsWith('.xml'))) {
        const findings = lintFixture(fx.path, fx.text, rule.meta.formats[0]).findings;
        const edits = findings.flatMap((f) => f.fixes?.[0]?.edits ?? []);
        const r = validate(applyEdits(fx.text, edits).text);
        assert.ok(r.ok, `${fx.rel} with every rule's first fix:\n${r.output}`);
      }
    }
  });

  it('the libvirt examples, and the examples with every first fix applied, validate', (t) => {
    if (!available && !process.env.CI) {
      t.skip('virt-xml-validate is not installed');
      return;
    }
    const stack = [join(__dirname, '..', 'examples', 'libvirt')];
    let checked = 0;
    while (stack.length) {
      const d = stack.pop()!;
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) stack.push(p);
        else if (p.endsWith('.xml')) {
          const text = readFileSync(p, 'utf8');
          assert.ok(validate(text).ok, `${p} is valid libvirt XML`);
          const edits = lintFixture(p, text).findings.flatMap((f) => f.fixes?.[0]?.edits ?? []);
          const r = validate(applyEdits(text, edits).text);
          assert.ok(r.ok, `${p} with every first fix:\n${r.output}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 4, `${checked} example XML files`);
  });

  it('the checker rejects an invalid document (the test can fail)', (t) => {
    if (!available && !process.env.CI) {
      t.skip('virt-xml-validate is not installed');
      return;
    }
    assert.equal(validate("<domain type='kvm'><name>x</name><devices><graphics type='vnc' listen='0.0.0.0'><listen type='bogus'/></graphics></devices></domain>").ok, false);
  });
});
