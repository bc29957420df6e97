import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { defaultConfig, type EffectiveConfig } from '../../server/src/engine/config';
import { decodeBytes } from '../../server/src/engine/decode';
import { fixAll, lintText, type FileResult, type LintInput } from '../../server/src/engine/engine';
import { detectFormat } from '../../server/src/catalog';
import { applyEdits } from '../../server/src/engine/text';
import type { Format } from '../../server/src/engine/types';
import { CORPUS, hasCorpus } from './corpus';

/** Generous: catches hangs and blow-ups, not slowness (speed is for `npm run bench`). */
export const PER_INPUT_MS = 2000;

export const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

/** An exception that escaped a parser or rule, as the engine reports it after catching it. */
export function escapedException(r: FileResult): string | undefined {
  const f = r.findings.find((x) => x.ruleId === 'VH-RULE-ERROR' || (x.ruleId === 'VH-PARSE-ERROR' && x.locator === 'parse' && x.message.startsWith('vharden could not parse this')));
  return f && `${f.ruleId}: ${f.message}`;
}

/** Every range (finding, fix and template edit) lies inside the document, start ≤ end, positions agree. */
export function assertInside(text: string, r: FileResult, label: string): void {
  for (const f of r.findings) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end), `${label}: ${f.ruleId} has integer offsets`);
    assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `${label}: ${f.ruleId} range ${f.start}-${f.end} inside 0-${text.length}`);
    assert.ok(f.line >= 0 && f.character >= 0 && (f.endLine > f.line || (f.endLine === f.line && f.endCharacter >= f.character)), `${label}: ${f.ruleId} position order`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0 && f.message.length < 2000, `${label}: ${f.ruleId} has a short message`);
    for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) {
      for (const e of fix.edits) assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `${label}: ${f.ruleId} "${fix.title}" edit ${e.start}-${e.end} inside 0-${text.length}`);
    }
  }
}

/** Lint with a time bound; then every fix and fix-all on the result, also bounded and inside the document. */
export function lintChecked(input: Omit<LintInput, 'config'> & { config?: EffectiveConfig }, label: string): FileResult {
  const config = input.config ?? defaultConfig();
  const t0 = performance.now();
  const r = lintText({ ...input, config });
  const ms = performance.now() - t0;
  assert.ok(ms < PER_INPUT_MS, `${label}: linted in ${Math.round(ms)} ms (bound ${PER_INPUT_MS} ms)`);
  assert.equal(escapedException(r), undefined, `${label}: no exception escaped`);
  assertInside(input.text, r, label);
  const { decodeProblems: _offsetsOfTheOriginal, ...rest } = input;
  for (const f of r.findings) {
    for (const fix of f.fixes ?? []) {
      const after = applyEdits(input.text, fix.edits).text;
      const again = lintText({ ...rest, text: after, config });
      assert.equal(escapedException(again), undefined, `${label}: after "${fix.title}", no exception`);
      assertInside(after, again, `${label} after "${fix.title}"`);
    }
  }
  const t1 = performance.now();
  const fixed = fixAll({ ...rest, config });
  assert.ok(performance.now() - t1 < PER_INPUT_MS * 3, `${label}: fix-all in bounded time`);
  assertInside(fixed.text, lintText({ ...rest, text: fixed.text, config }), `${label} after fix-all`);
  return r;
}

function filesUnder(root: string, limit = Infinity): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length && out.length < limit) {
    const dir = stack.pop()!;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) stack.push(p);
      else if (st.isFile() && st.size < 256 * 1024) out.push(p);
    }
  }
  return out;
}

export interface Sample {
  /** a path the format recognises (fixture or corpus path) */
  path: string;
  bytes: Buffer;
}

let samplesCache: Map<string, Sample[]> | undefined;

/** Real files per format id: every rule fixture, and up to `perFormat` corpus files, spread over the corpus. */
export function samplesByFormat(formats: readonly Format<any>[], perFormat = 25): Map<string, Sample[]> {
  if (samplesCache) return samplesCache;
  const byFormat = new Map<string, Sample[]>(formats.map((f) => [f.id, []]));
  const add = (path: string, display: string, cap: number) => {
    const bytes = readFileSync(path);
    const format = detectFormat(display, decodeBytes(bytes).text);
    const list = format && byFormat.get(format.id);
    if (list && list.length < cap) list.push({ path: display, bytes });
  };
  for (const p of filesUnder(FIXTURES)) add(p, relative(FIXTURES, p), Infinity);
  if (hasCorpus) {
    const corpus = filesUnder(CORPUS);
    const step = Math.max(1, Math.floor(corpus.length / 1500));
    for (let i = 0; i < corpus.length; i += step) add(corpus[i]!, corpus[i]!, perFormat + 1000);
  }
  for (const [id, list] of byFormat) byFormat.set(id, spread(list, perFormat * 2));
  return (samplesCache = byFormat);
}

function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  const step = xs.length / n;
  return Array.from({ length: n }, (_, i) => xs[Math.floor(i * step)]!);
}

/** Byte-level mutations of a real file: the kinds of damage editors, copy-paste and truncation cause. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom('"', "'", '<', '>', '[', ']', '{', '}', '\0', '<!--', '-->', '<![CDATA[', '&', '&amp', '*', '&a ', ': ', '- ', '#', '\\', '\r', '\n', '\t', '=', '{{ ', '\uFEFF', '\uD800', '\u2028') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
);
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** The largest file a mutation makes (bytes), a little over the scan's default size limit. */
const MAX_MUTATED = 6 * 1024 * 1024;

export function mutate(bytes: Buffer, ms: Mutation[]): Buffer {
  let b = Buffer.from(bytes);
  for (const m of ms) {
    const at = b.length ? m.at % (b.length + 1) : 0;
    switch (m.kind) {
      case 'flip':
        if (b.length) b[at % b.length]! ^= 1 << m.bit;
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'dupLine': {
        const start = b.lastIndexOf(10, at - 1) + 1;
        let end = b.indexOf(10, at);
        end = end < 0 ? b.length : end + 1;
        const line = b.subarray(start, end);
        // at most MAX_MUTATED bytes: repeated copies of a long line (an OVSDB record) would pass the
        // engine's string limit, and the scan skips files over 5 MB unread anyway
        const times = Math.min(m.times, Math.floor(Math.max(0, MAX_MUTATED - b.length) / Math.max(1, line.length)));
        b = Buffer.concat([b.subarray(0, end), ...Array.from({ length: times }, () => line), b.subarray(end)]);
        break;
      }
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.what, 'utf8'), b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + m.len))]);
        break;
    }
  }
  return b;
}
