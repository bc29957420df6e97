import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { IDLE_SCAVENGE_MS, IdleScavenger, SCAVENGE_FILL, collector } from '../server/src/lsp/memory';

// The language server's collection of the young generation between keystrokes (lsp/memory.ts).

/** A scavenger over a fake collector and a young generation as full as `fill` says. */
function harness(fill: number) {
  const runs: unknown[] = [];
  const scavenger = new IdleScavenger(IDLE_SCAVENGE_MS, () => (options) => runs.push(options), () => fill);
  return { scavenger, runs };
}

test('once the diagnostics are out and the young generation is filling, a minor collection runs after a quiet while', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { scavenger, runs } = harness(SCAVENGE_FILL + 0.1);
  scavenger.settled();
  t.mock.timers.tick(IDLE_SCAVENGE_MS - 1);
  assert.deepEqual(runs, []);
  t.mock.timers.tick(1);
  assert.deepEqual(runs, [{ type: 'minor' }]);
});

test('a young generation with room for more keystrokes is left alone', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { scavenger, runs } = harness(SCAVENGE_FILL - 0.1);
  scavenger.settled();
  t.mock.timers.tick(10 * IDLE_SCAVENGE_MS);
  assert.deepEqual(runs, []);
});

test('a change that arrives first cancels the collection, and settling again waits anew', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { scavenger, runs } = harness(0.9);
  scavenger.settled();
  t.mock.timers.tick(IDLE_SCAVENGE_MS - 1);
  scavenger.cancel();
  t.mock.timers.tick(10 * IDLE_SCAVENGE_MS);
  assert.deepEqual(runs, []);
  scavenger.settled();
  t.mock.timers.tick(IDLE_SCAVENGE_MS - 1);
  scavenger.settled(); // the next publish before it ran: one collection, after the last
  t.mock.timers.tick(IDLE_SCAVENGE_MS - 1);
  assert.deepEqual(runs, []);
  t.mock.timers.tick(1);
  assert.equal(runs.length, 1);
});

test("V8's collector, as the scavenger calls it, empties the young generation of a check's garbage", (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const gc = collector();
  assert.ok(gc, 'the collector is available');
  const youngUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
  const sizes: number[] = [];
  const scavenger = new IdleScavenger(IDLE_SCAVENGE_MS, () => (options) => {
    sizes.push(youngUsed());
    gc(options);
    sizes.push(youngUsed());
  }, () => 1);
  // what is alive now is copied out of the young generation by two collections; then only the garbage is made
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const base = youngUsed();
  let garbage: unknown[] = [];
  for (let i = 0; i < 10_000; i++) garbage.push({ i, list: [i, i] });
  garbage = [];
  const made = youngUsed() - base;
  assert.ok(made > 200_000, `the test made ${made} bytes of garbage in the young generation`);
  scavenger.settled();
  t.mock.timers.tick(IDLE_SCAVENGE_MS);
  assert.equal(sizes.length, 2);
  // V8's count falls by about half the garbage made here, not all of it; a collection that did nothing would not move it
  assert.ok(sizes[0]! - sizes[1]! > 0.25 * made, `young generation ${sizes[0]} → ${sizes[1]} bytes, with ${made} bytes of garbage`);
  assert.equal(garbage.length, 0);
});
