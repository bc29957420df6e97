import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isCollection, isDocument, isPair, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { playbook } from '../scripts/bench/generate.mjs';
import { lintText } from '../server/src/engine/engine';
import { defaultConfig } from '../server/src/engine/config';
import { parseYaml, parseYamlFull, type YamlParse } from '../server/src/formats/ansible/yaml';
import { reparse, textChange } from '../server/src/formats/ansible/yaml-incremental';
import { CORPUS, filesUnder, hasCorpus } from './helpers/corpus';

// Incremental YAML (server/src/formats/ansible/yaml-incremental.ts) must give exactly what a full parse
// gives, for any edit: the same nodes with the same offsets, values and styles, the same comments and
// diagnostics. Node comment strings (`comment`, `commentBefore`, `spaceBefore`) are left out: vharden
// reads comments from the token stream (YamlParse.comments), never from nodes.

const SEED = process.env.VH_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.VH_FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.VH_FUZZ_RUNS ?? 150);

const SKIP = new Set(['comment', 'commentBefore', 'spaceBefore', 'schema', 'items', 'srcToken', 'options', 'directives', 'contents', 'errors', 'warnings']);

/** Everything a node says about the text, as plain data. */
function project(n: unknown, depth = 0): unknown {
  if (depth > 200 || n === null || typeof n !== 'object') return n;
  if (isPair(n)) return { pair: [project(n.key, depth + 1), project(n.value, depth + 1)] };
  const out: Record<string, unknown> = { kind: (n as object).constructor.name };
  // (methods bound per instance, as YAMLOMap's, are no data)
  for (const [k, v] of Object.entries(n)) if (!SKIP.has(k) && typeof v !== 'function') out[k] = v;
  if (isCollection(n)) out.items = n.items.map((it) => project(it, depth + 1));
  if (isDocument(n)) {
    out.contents = project(n.contents, depth + 1);
    out.errors = n.errors.map((e) => [e.code, e.pos]);
  }
  return out;
}

function projectParse(p: YamlParse): unknown {
  return { docs: p.docs.map((d) => project(d)), comments: p.comments, diagnostics: p.diagnostics };
}

/** The first place two projections differ, as a path and both values (short, for a failure message). */
function difference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

function assertSame(incremental: YamlParse, full: YamlParse, what: string): void {
  const d = difference(projectParse(incremental), projectParse(full));
  assert.equal(d, undefined, `${what}: ${d}`);
}

interface Edit {
  /** where, as a fraction of the text */
  at: number;
  remove: number;
  insert: string;
  /** the offset itself, where the fraction would round to a neighbour */
  exact?: number;
}

/** A position as a fraction of the text, uniform (fc.double favours 0 and 1). */
const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

const INSERTS = ['!!set ', '!!omap ', '!t ', 'a', 'x1', ' ', '  ', ':', ': ', '- ', '-', '\n', '\n    ', '\n  - name: t\n', '#', ' # c', '"', "'", '|', '>', '&a ', '*a', '<<: ', '[', '{', '}', ',', '---\n', '\t', '\r\n', 'true', '{{ v }}', ''];
const edit = fc.record({ at: fraction, remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...INSERTS) });

/** Typing in a value: a word character or a space after a line's first word, or deleting one. */
const typing = fc.record({ line: fraction, column: fc.nat({ max: 40 }), insert: fc.constantFrom('a', 'b1', ' ', '_', '.', '', '-') });
/** The same, mixed with characters that break the YAML for a while (a quote, a colon, a bracket), as typing does. */
const breaking = fc.record({ line: fraction, column: fc.nat({ max: 40 }), insert: fc.constantFrom('a', 'b1', ' ', '_', '.', '', '-', '"', "'", ': ', ':', '{', '[', '}', 'x"') });

function typed(text: string, t: { line: number; column: number; insert: string }): Edit {
  // from the chosen line on, the first one with a value after `key: ` (where typing keeps the YAML valid)
  let start = text.lastIndexOf('\n', Math.floor(t.line * text.length)) + 1;
  for (let tries = 0; tries < 200 && start < text.length; tries++) {
    const eol = text.indexOf('\n', start);
    const end = eol < 0 ? text.length : eol;
    const colon = text.indexOf(': ', start);
    if (colon >= 0 && colon + 2 < end && !text.startsWith('---', start)) {
      const at = colon + 2 + Math.min(t.column, end - colon - 3);
      return { at: 0, remove: t.insert === "" ? 1 : 0, insert: t.insert, exact: at };
    }
    start = end + 1;
  }
  return { at: 0, remove: 0, insert: '' };
}

function apply(text: string, e: Edit): string {
  if (e.exact !== undefined) return text.slice(0, e.exact) + e.insert + text.slice(Math.min(text.length, e.exact + e.remove));
  const at = Math.min(text.length, Math.floor(e.at * text.length));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/** Follows a chain of edits the way the editor does; counts edits answered incrementally. */
function check(base: string, edits: Edit[], stats: { reused: number; total: number }): void {
  let text = base;
  let parse = parseYamlFull(text);
  for (const e of edits) {
    const next = apply(text, e);
    const incremental = reparse(text, parse, next);
    const full = parseYamlFull(next);
    stats.total++;
    if (incremental) {
      stats.reused++;
      assertSame(incremental, full, `edit ${JSON.stringify(e)} at ${Math.floor(e.at * text.length)} of ${JSON.stringify(text.slice(0, 40))}…`);
    } else assertSame(parse, parseYamlFull(text), `a reparse that gave up (${JSON.stringify(e)}) left the previous parse as it was`);
    text = next;
    parse = incremental ?? full;
  }
}

const examples = ['examples/ansible/harden-hosts.yml', 'examples/ansible/prepare-hosts.yml', 'examples/esxi/deploy-nested-esxi.yml'].map((p) => readFileSync(join(__dirname, '..', p), 'utf8'));
// playbooks and task files of the shared corpus (when it is there), a few dozen
const corpus = hasCorpus
  ? filesUnder(join(CORPUS, 'ansible-vmware-yaml'))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .filter((t) => /^\s*- (name|hosts):/m.test(t) && parseYamlFull(t).diagnostics.length === 0)
      .slice(0, 24)
  : [];

describe('incremental YAML equals a full parse', () => {
  it('no two nodes of a parse share a range array (a reparse moves each array once)', () => {
    const tagged = '- !!set {a, b}\n- !!omap [a: 1, b: 2]\n- !!pairs [a: 1]\n- !!map {a: 1}\n- !!seq [x]\n- !custom {k: v}\n- !!str s\n- !!binary aGk=\n- ? [k]\n  : v\n- |\n  block\n- {a: [1, {b: 2}]}\n- &x y\n- *x\n- <<: {m: 1}\n';
    for (const text of [tagged, playbook(300), ...examples, ...corpus]) {
      const seen = new Set<unknown>();
      const walk = (n: unknown, depth: number): void => {
        if (depth > 200 || n === null || typeof n !== 'object') return;
        if (isPair(n)) {
          walk(n.key, depth + 1);
          walk(n.value, depth + 1);
          return;
        }
        const r = (n as { range?: unknown }).range;
        if (r) {
          assert.ok(!seen.has(r), `a range array shared between nodes in ${JSON.stringify(text.slice(0, 60))}`);
          seen.add(r);
        }
        if (isCollection(n)) for (const it of n.items) walk(it, depth + 1);
      };
      for (const d of parseYamlFull(text).docs) {
        seen.add(d.range);
        walk(d.contents, 0);
      }
    }
  });

  it('textChange finds the one changed region', () => {
    assert.deepEqual(textChange('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(textChange('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.deepEqual(textChange('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(textChange('', 'x'), { start: 0, oldEnd: 0, newEnd: 1 });
  });

  const bases = [playbook(300), playbook(120, 1), ...examples, ...corpus];
  it(`random edit chains on ${bases.length} playbooks (seed ${SEED})`, () => {
    const stats = { reused: 0, total: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...bases.keys()), fc.array(edit, { minLength: 1, maxLength: 8 }), (b, edits) => check(bases[b]!, edits, stats)),
      { seed: SEED, numRuns: RUNS },
    );
    // most of these break the YAML across items, and the edits are then full parses
    assert.ok(stats.reused > 0, `${stats.reused} of ${stats.total} edits reused the parse`);
  });

  // playbooks with task lists (the corpus's YAML is mostly variables files: mappings, with no items to reuse)
  const playbooks = [playbook(300), playbook(120, 1), ...examples];
  /** Typing chains made from `edits` on the playbooks, each checked against a full parse. */
  const typingChains = (edits: fc.Arbitrary<{ line: number; column: number; insert: string }>, stats: { reused: number; total: number }) =>
    fc.assert(
      fc.property(fc.constantFrom(...playbooks.keys()), fc.array(edits, { minLength: 1, maxLength: 8 }), (b, chain) => {
        let text = playbooks[b]!;
        const concrete: Edit[] = [];
        for (const t of chain) {
          const e = typed(text, t);
          concrete.push(e);
          text = apply(text, e);
        }
        check(playbooks[b]!, concrete, stats);
      }),
      { seed: SEED, numRuns: RUNS },
    );

  it(`typing chains on ${playbooks.length} playbooks (seed ${SEED})`, () => {
    const stats = { reused: 0, total: 0 };
    typingChains(typing, stats);
    assert.ok(stats.reused > stats.total / 2, `${stats.reused} of ${stats.total} edits reused the parse`);
  });

  it(`typing chains with syntax errors on ${playbooks.length} playbooks (seed ${SEED})`, () => {
    const stats = { reused: 0, total: 0 };
    typingChains(breaking, stats);
    // a quote or bracket left open is a full parse, and so is every edit until it is closed
    assert.ok(stats.reused > 0, `${stats.reused} of ${stats.total} edits reused the parse`);
  });

  it(`typing inside tasks of a 5,000-line playbook re-parses only that task`, () => {
    const text = playbook(5000);
    let prev = parseYamlFull(text);
    let reused = 0;
    let tasks = 0;
    let nth = 0;
    for (let at = text.indexOf('\n    - name: '); at >= 0; at = text.indexOf('\n    - name: ', at + 1)) {
      if (nth++ % 25 !== 0) continue; // every 25th task: enough, and the test stays quick
      tasks++;
      const inName = at + '\n    - name: '.length + 2;
      const lineEnd = text.indexOf('\n', inName);
      for (const [where, insert] of [[inName, 'x'], [inName, ' '], [inName, '-2'], [lineEnd, '\n      tags: [a]']] as const) {
        const next = text.slice(0, where) + insert + text.slice(where);
        const incremental = reparse(text, prev, next);
        if (!incremental) continue;
        reused++;
        if (tasks % 7 === 0) assertSame(incremental, parseYamlFull(next), `insert ${JSON.stringify(insert)} in task ${tasks}`);
        // the reparse took `prev` over; taking the insert away again gives the parse of `text` back
        const back = reparse(next, incremental, text);
        assert.ok(back, `taking ${JSON.stringify(insert)} away again in task ${tasks} re-parsed the task alone`);
        prev = back;
      }
    }
    assert.equal(reused, tasks * 4);
    assertSame(prev, parseYamlFull(text), 'after all the edits and their undoing');
  });

  it('typing a syntax error into a task and out again re-parses only that task', () => {
    const text = playbook(5000);
    const original = parseYamlFull(text);
    let prev = parseYamlFull(text);
    let tasks = 0;
    let nth = 0;
    for (let at = text.indexOf('esxi_hostname: "'); at >= 0; at = text.indexOf('esxi_hostname: "', at + 1)) {
      if (nth++ % 40 !== 0) continue;
      tasks++;
      const close = text.indexOf('"\n', at) + 1;
      for (const insert of ['y', ': x', ' [', "'"]) {
        const broken = text.slice(0, close) + insert + text.slice(close);
        const full = parseYamlFull(broken);
        assert.ok(full.diagnostics.length > 0, `${JSON.stringify(insert)} after a quoted value is a syntax error`);
        const incremental = reparse(text, prev, broken);
        // an open bracket or quote reaches past the task: only a full parse knows how far
        if (insert === ' [' || insert === "'") {
          assert.equal(incremental, undefined);
          continue;
        }
        assert.ok(incremental, `${JSON.stringify(insert)} in task ${tasks} re-parsed the task alone`);
        assertSame(incremental, full, `${JSON.stringify(insert)} in task ${tasks}`);
        const mended = reparse(broken, incremental, text);
        assert.ok(mended, `taking ${JSON.stringify(insert)} away again in task ${tasks} re-parsed the task alone`);
        assertSame(mended, original, `${JSON.stringify(insert)} taken away in task ${tasks}`);
        prev = mended;
      }
    }
    assert.ok(tasks >= 5);
  });

  it('an error reported in a task but caused by an earlier one (a bracket left open) is not taken for the task\'s own', () => {
    // the last line of a task: `mac_changes: { false`, the flow mapping never closed
    const text = playbook(300);
    const open = text.indexOf('mac_changes: ') + 'mac_changes: '.length;
    const broken = text.slice(0, open) + '{ ' + text.slice(open);
    const full = parseYamlFull(broken);
    const nextTask = broken.indexOf('- name: ', open);
    assert.ok(full.docs[0]!.errors.some((e) => e.pos[0] >= nextTask), 'the yaml library reports the error in the next task');
    // an edit in that next task
    const at = nextTask + '- name: '.length;
    const next = broken.slice(0, at) + 'x' + broken.slice(at);
    const incremental = reparse(broken, full, next);
    if (incremental) assertSame(incremental, parseYamlFull(next), 'edit in the task after the open bracket');
  });

  it('a reparse takes the previous parse over, moving its nodes after the edit where they are', () => {
    const text = playbook(400);
    const prev = parseYamlFull(text);
    const tasks = () => ((prev.docs[0]!.contents as YAMLSeq).items[0] as YAMLMap).get('tasks') as YAMLSeq;
    const last = tasks().items[tasks().items.length - 1] as YAMLMap;
    const lastStart = last.range![0];
    const at = text.indexOf('state: present') + 'state: '.length;
    const next = text.slice(0, at) + 'absent' + text.slice(at + 'present'.length);
    const reused = reparse(text, prev, next);
    assert.ok(reused);
    assert.equal(reused.docs, prev.docs, 'the same documents');
    assert.equal(tasks().items[tasks().items.length - 1], last, 'the same node for a task after the edit');
    assert.equal(last.range![0], lastStart + 'absent'.length - 'present'.length, 'moved by the edit');
    assertSame(reused, parseYamlFull(next), 'the parse of the new text');
  });

  it('falls back to a full parse when the edit reaches across items, leaving the previous parse as it was', () => {
    const text = playbook(400);
    const prev = parseYamlFull(text);
    const at = text.indexOf('\n    - name: ', 200);
    assert.equal(reparse(text, prev, text.slice(0, at + 1) + text.slice(at + 3)), undefined, 'the dash of a task removed');
    assert.equal(reparse(text, prev, text.slice(0, at) + '\n  x: 1' + text.slice(at)), undefined, 'a line left of the dash');
    const anchor = text.indexOf('name: ', at) + 'name: '.length;
    assert.equal(reparse(text, prev, text.slice(0, anchor) + '&a ' + text.slice(anchor)), undefined, 'an anchor');
    assertSame(prev, parseYamlFull(text), 'the previous parse after three reparses that gave up');
  });

  it('the linter gives the same findings whether the parse was reused or not', () => {
    const config = defaultConfig();
    const text = playbook(2000);
    const at = text.indexOf('promiscuous_mode: false') + 'promiscuous_mode: '.length;
    const next = text.slice(0, at) + 'true' + text.slice(at + 'false'.length);
    const cold = lintText({ path: '/p/site.yml', text: next, config, formatId: 'ansible' });
    lintText({ path: '/p/site.yml', text, config, formatId: 'ansible' });
    const reused = parseYaml(next); // from the recent parse of `text`
    assertSame(reused, parseYamlFull(next), 'lint');
    const warm = lintText({ path: '/p/site.yml', text: next, config, formatId: 'ansible' });
    assert.deepEqual(warm, cold);
    assert.ok(cold.findings.length > 0);
  });

  it('a reused parse keeps the count of diagnostics it left out (short and long texts)', () => {
    const config = defaultConfig();
    for (const pad of [0, 20000]) {
      // 150 duplicate keys in one task: 100 diagnostics are kept, the other 50 counted
      const dup = Array.from({ length: 151 }, () => '        validate_certs: false\n').join('');
      const text = `# ${'x'.repeat(pad)}\n- hosts: all\n  tasks:\n    - community.vmware.vmware_guest:\n${dup}`;
      const cold = lintText({ path: '/p/site.yml', text, config, formatId: 'ansible' });
      const warm = lintText({ path: '/p/site.yml', text, config }); // detection parses it first, then linting reuses that parse
      assert.deepEqual(warm, cold, `pad ${pad}`);
      assert.ok(cold.findings.some((f) => f.locator === 'VH-DUPLICATE-KEY:more'), `pad ${pad}: the 50 left out are counted`);
    }
  });
});
