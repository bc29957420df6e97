import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../server/src/catalog';
import { TOOL_RULES } from '../server/src/engine/tool-rules';
import {
  REALWORLD,
  VERDICTS,
  diff,
  materialise,
  readJudgments,
  readManifest,
  scanSet,
  suitePaths,
  type Judgment,
} from './helpers/realworld';

const paths = suitePaths();
const manifest = readManifest(paths.manifest);
const judgments = readJudgments(paths.judgments);
const ALLOW = join(REALWORLD, 'no-real-world-case.json');
const allowList: Record<string, string> = existsSync(ALLOW) ? JSON.parse(readFileSync(ALLOW, 'utf8')) : {};
const known = new Set([...allRules().map((r) => r.meta.id), ...TOOL_RULES.map((t) => t.id)]);
const show = (j: Pick<Judgment, 'file' | 'line' | 'rule' | 'locator'>) => `${j.file}:${j.line} ${j.rule} [${j.locator}]`;

describe('real-world harness: pairing findings with judgments', () => {
  const seen = (line: number, locator = 'k') => ({ file: 'o__r/a.vmx', rule: 'VMX-ISO-USB', locator, line, message: 'm', text: 't' });
  const judged = (line: number, locator = 'k'): Judgment => ({ file: 'o__r/a.vmx', rule: 'VMX-ISO-USB', locator, line, verdict: 'tp', reason: 'a reason' });
  const present = new Set(['o__r/a.vmx']);

  it('matches on line first, then calls a same-locator finding on another line moved', () => {
    const d = diff([seen(3), seen(9)], [judged(9), judged(4)], present);
    assert.deepEqual(d.matched.map((m) => m.seen.line), [9]);
    assert.deepEqual(d.moved.map((m) => [m.judged.line, m.seen.line]), [[4, 3]]);
    assert.equal(d.fresh.length + d.gone.length, 0);
  });

  it('reports new findings and judgments whose finding is gone, each repeat counted', () => {
    const d = diff([seen(3), seen(3), seen(5, 'other')], [judged(3), judged(7, 'gone')], present);
    assert.deepEqual(d.fresh.map((s) => `${s.locator}:${s.line}`), ['k:3', 'other:5']);
    assert.deepEqual(d.gone.map((g) => g.locator), ['gone']);
  });

  it('ignores judgments of files that are not present', () => {
    assert.deepEqual(diff([], [judged(3)], new Set()).gone, []);
  });
});

describe('real-world set: manifest and judgments', () => {
  it('every manifest entry names its source, commit, licence, sha256 and category', () => {
    const files = new Set<string>();
    for (const e of manifest) {
      assert.ok(!files.has(e.file), `${e.file} listed twice`);
      files.add(e.file);
      assert.match(e.file, /^[^/]+__[^/]+\/./, `${e.file}: <owner>__<repo>/<path>`);
      assert.ok(e.source === `gathered:${e.repo}@${e.commit}:${e.path}` || e.source.startsWith('corpus:'), `${e.file}: source ${e.source}`);
      assert.match(e.commit, /^[0-9a-f]{40}$/, `${e.file}: commit`);
      assert.match(e.sha256, /^[0-9a-f]{64}$/, `${e.file}: sha256`);
      assert.ok(e.licence && e.category && e.path && e.repo, `${e.file}: licence, category, path and repo are set`);
    }
    assert.ok(manifest.length >= 300 && new Set(manifest.map((e) => e.repo)).size >= 80, 'at least 300 files from 80 repositories');
  });

  it('every judgment is of a manifest file and a known rule, has a verdict and a reason', () => {
    const files = new Set(manifest.map((e) => e.file));
    for (const j of judgments.findings) {
      assert.ok(files.has(j.file), `${show(j)}: file not in the manifest`);
      assert.ok(known.has(j.rule), `${show(j)}: unknown rule`);
      assert.ok(VERDICTS.includes(j.verdict), `${show(j)}: verdict ${j.verdict}; judge it as tp, fp or noise (npm run realworld lists what is new)`);
      assert.ok(j.reason.trim().length >= 10, `${show(j)}: a one-line reason`);
      assert.ok(Number.isInteger(j.line) && j.line >= 1, `${show(j)}: line`);
    }
    for (const q of judgments.quiet) {
      assert.ok(files.has(q.file), `quiet ${q.file}: file not in the manifest`);
      assert.ok(known.has(q.rule), `quiet ${q.file}: unknown rule ${q.rule}`);
      assert.ok(q.reason.trim().length >= 10, `quiet ${q.file} ${q.rule}: a one-line reason`);
    }
  });

  it('every rule has a judged real-world case, or is listed with the reason it has none', () => {
    const cased = new Set([...judgments.findings.map((j) => j.rule), ...judgments.quiet.map((q) => q.rule)]);
    const missing = allRules()
      .map((r) => r.meta.id)
      .filter((id) => !cased.has(id) && !allowList[id]);
    assert.deepEqual(missing, [], 'rules without a judged real-world finding or quiet judgment: add one, or list the rule in test/realworld/no-real-world-case.json with the reason');
    for (const [id, reason] of Object.entries(allowList)) {
      assert.ok(known.has(id), `${id} in the allow-list is not a rule`);
      assert.ok(!cased.has(id), `${id} has a judged case now: take it off the allow-list`);
      assert.ok(reason.trim().length >= 10, `${id}: say why no real-world file has it`);
    }
  });
});

describe('real-world set: findings match their judgments', () => {
  const set = materialise(manifest, paths);
  const present = new Set(set.present.map((e) => e.file));
  const corpus = manifest.filter((e) => e.source.startsWith('corpus:')).length;
  console.log(
    `real-world set: ${set.present.length} of ${manifest.length} files scanned; ${set.missing.length} skipped (not on this machine: ` +
      `corpus ${paths.corpus}, gathered files ${paths.gathered}; ${corpus} of the manifest's files are corpus files)`,
  );
  after(() => set.dispose());
  const skip = set.present.length ? false : 'no real-world file on this machine (shared corpus and gathered files absent)';

  it('present files have the bytes the manifest records', () => {
    assert.deepEqual(
      set.changed.map((e) => e.file),
      [],
      'these files differ from their sha256 in the manifest',
    );
  });

  it('no finding without a judgment, no judged finding gone, quiet rules still quiet', { skip }, () => {
    {
      const seen = scanSet(set.root);
      const d = diff(seen, judgments.findings, present);
      const fresh = d.fresh.map((s) => `${show(s)} ${s.message}`);
      assert.deepEqual(fresh, [], 'new findings on real-world files: judge them (npm run realworld -- --write adds skeletons)');
      assert.deepEqual(d.gone.map((g) => `${show(g)} was ${g.verdict}`), [], 'judged findings that are gone: update or remove their judgments');
      const loud = judgments.quiet.filter((q) => present.has(q.file) && seen.some((s) => s.file === q.file && s.rule === q.rule));
      assert.deepEqual(loud.map((q) => `${q.file} ${q.rule}`), [], 'rules judged quiet on these files now report them');
      console.log(`real-world set: ${seen.length} findings, ${d.matched.length} at their judged line, ${d.moved.length} moved (npm run realworld -- --write updates lines)`);
    }
  });
});
