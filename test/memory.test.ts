import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { IDLE_COLLECT_MS, IdleCollector, MAJOR_GROWTH_BYTES, MAJOR_GROWTH_SHARE, SCAVENGE_FILL, collector, heapState, type HeapState } from '../server/src/lsp/memory';

// The language server's collection of garbage between keystrokes (lsp/memory.ts).

/** A collector over a fake V8: a young generation as full as `fill` says, an old one of `heap.oldUsed` bytes (which a full collection sets to `heap.afterMajor`). */
function harness(fill: number, old?: { used: number; afterMajor?: number }) {
  const runs: unknown[] = [];
  const heap: HeapState = { youngFill: fill, oldUsed: old?.used };
  const idle = new IdleCollector(IDLE_COLLECT_MS, () => (options) => {
    runs.push(options);
    if (options?.type === 'major' && old?.afterMajor !== undefined) heap.oldUsed = old.afterMajor;
  }, () => ({ ...heap }));
  return { idle, runs, heap };
}

test('once the diagnostics are out and the young generation is filling, a minor collection runs after a quiet while', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { idle, runs } = harness(SCAVENGE_FILL + 0.1);
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS - 1);
  assert.deepEqual(runs, []);
  t.mock.timers.tick(1);
  assert.deepEqual(runs, [{ type: 'minor' }]);
});

test('a young generation with room for more keystrokes is left alone', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { idle, runs } = harness(SCAVENGE_FILL - 0.1);
  idle.settled();
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, []);
});

test('a change that arrives first cancels the collection, and settling again waits anew', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { idle, runs } = harness(0.9);
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS - 1);
  idle.cancel();
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, []);
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS - 1);
  idle.settled(); // the next publish before it ran: one collection, after the last
  t.mock.timers.tick(IDLE_COLLECT_MS - 1);
  assert.deepEqual(runs, []);
  t.mock.timers.tick(1);
  assert.equal(runs.length, 1);
});

test("V8's collector, as the idle collector calls it, empties the young generation of a check's garbage", (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const gc = collector();
  assert.ok(gc, 'the collector is available');
  const youngUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
  const sizes: number[] = [];
  const idle = new IdleCollector(IDLE_COLLECT_MS, () => (options) => {
    sizes.push(youngUsed());
    gc(options);
    sizes.push(youngUsed());
  }, () => ({ youngFill: 1 }));
  // what is alive now is copied out of the young generation by two collections; then only the garbage is made
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const base = youngUsed();
  let garbage: unknown[] = [];
  for (let i = 0; i < 10_000; i++) garbage.push({ i, list: [i, i] });
  garbage = [];
  const made = youngUsed() - base;
  assert.ok(made > 200_000, `the test made ${made} bytes of garbage in the young generation`);
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS);
  assert.equal(sizes.length, 2);
  // V8's count falls by about half the garbage made here, not all of it; a collection that did nothing would not move it
  assert.ok(sizes[0]! - sizes[1]! > 0.25 * made, `young generation ${sizes[0]} → ${sizes[1]} bytes, with ${made} bytes of garbage`);
  assert.equal(garbage.length, 0);
});

test('once the old generation has grown since its last full collection, the idle collection is a full one', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const base = 20 * 1024 * 1024;
  const { idle, runs, heap } = harness(SCAVENGE_FILL - 0.1, { used: base, afterMajor: base + 1000 });
  idle.settled(); // the first reading is the base
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, []);
  heap.oldUsed = base + MAJOR_GROWTH_BYTES; // grown by the threshold, not past it
  idle.settled();
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, []);
  heap.oldUsed = base + MAJOR_GROWTH_BYTES + 1;
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS - 1);
  assert.deepEqual(runs, []);
  t.mock.timers.tick(1);
  assert.deepEqual(runs, [{ type: 'major' }]);
  // the base is now what the next reading finds (what the collection left): the same growth again is needed for the next one
  idle.settled();
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, [{ type: 'major' }]);
  heap.oldUsed = base + 1000 + MAJOR_GROWTH_BYTES + 1;
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS);
  assert.deepEqual(runs, [{ type: 'major' }, { type: 'major' }]);
});

test('a large old generation must grow by a share of itself; a collection of V8 of its own lowers the base', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const base = 200 * 1024 * 1024;
  const { idle, runs, heap } = harness(0, { used: base });
  idle.settled();
  heap.oldUsed = base + MAJOR_GROWTH_BYTES * 2; // past the bytes, short of the share
  idle.settled();
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, []);
  heap.oldUsed = base / 2; // V8 collected in between
  idle.settled();
  heap.oldUsed = base / 2 + Math.max(MAJOR_GROWTH_BYTES, (MAJOR_GROWTH_SHARE * base) / 2) + 1;
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS);
  assert.deepEqual(runs, [{ type: 'major' }]);
});

test('a change that arrives first cancels a full collection too', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { idle, runs, heap } = harness(0, { used: 10_000_000 });
  idle.settled();
  heap.oldUsed = 10_000_000 + 2 * MAJOR_GROWTH_BYTES;
  idle.settled();
  t.mock.timers.tick(IDLE_COLLECT_MS - 1);
  idle.cancel();
  t.mock.timers.tick(10 * IDLE_COLLECT_MS);
  assert.deepEqual(runs, []);
});

test("with V8's heap and collector, old garbage past the growth threshold is collected in full between keystrokes", async () => {
  const gc = collector();
  assert.ok(gc, 'the collector is available');
  const runs: unknown[] = [];
  const idle = new IdleCollector(0, () => (options) => {
    runs.push(options);
    gc(options);
  });
  gc({ type: 'major' });
  await swept();
  idle.settled(); // the base: what is alive now
  const before = heapState().oldUsed!;
  // objects that outlive two scavenges are moved to the old generation; then they are dropped
  let kept: unknown[] = [];
  for (let i = 0; i < 100_000; i++) kept.push({ i, list: [i, i] });
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  kept = [];
  const grown = heapState().oldUsed! - before;
  assert.ok(grown > MAJOR_GROWTH_BYTES, `the old generation grew by ${grown} bytes`);
  runs.length = 0;
  idle.settled();
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(runs, [{ type: 'major' }]);
  await swept();
  // V8 counts the space once its pages are swept, on threads of its own
  const after = heapState().oldUsed! - before;
  assert.ok(after < grown / 2, `old generation grew by ${grown} bytes, and by ${after} after the collection`);
  assert.equal(kept.length, 0);
});

/** Resolves once V8 has swept after a full collection (the old generation's count stops falling), or after a second. */
async function swept(): Promise<void> {
  let last = heapState().oldUsed!;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const now = heapState().oldUsed!;
    if (now === last && i > 1) return;
    last = now;
  }
}
