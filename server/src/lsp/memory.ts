import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How long after workspace indexing the server collects garbage. V8 keeps its young generation at
 * the size a burst of work grew it to (16 MB and more after indexing a large workspace) and shrinks
 * it only in a collection that runs while little has been allocated for about five seconds; a
 * collection sooner would not give the memory back.
 */
export const QUIET_GC_MS = 6000;

/**
 * V8 settings for a server that keeps a large parse and re-checks it per keystroke: no
 * allocation-site pretenuring. V8 allocates straight in the old generation at the sites whose objects
 * mostly lived (opening a 5,000-line playbook: every node of its full parse lives); the keystrokes
 * after it allocate there objects that die at the next one (an edited item's nodes, its findings),
 * which then fill the old generation until V8 changes its mind. Beside yaml-language-server on the
 * same edits (scripts/bench/profiling.md), the playbook's p95 fell by about a tenth with it off (0.20-0.21x to
 * 0.17-0.19x, six interleaved pairs of runs) and its p50 did not move. Set once, before any work.
 */
export function tuneV8ForKeystrokes(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

/** V8's `gc`: a full collection, or with `{ type: 'minor' }` the young generation only. */
type Collect = (options?: { type: 'minor' | 'major' }) => void;

let collect: Collect | null | undefined;

/** V8's collector as a function: `gc` when the process was started with --expose-gc, else taken from a fresh context. */
export function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: Collect }).gc;
  if (typeof own === 'function') return (collect = own);
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
    setFlagsFromString('--no-expose-gc');
  } catch {
    collect = null;
  }
  return collect;
}

/**
 * Once after a burst of work (workspace indexing), collect garbage when the server has had time to
 * go quiet, so the heap the burst grew is given back to the system (about 15 MB of resident memory
 * after indexing the corpus; see BENCHMARKS.md). Scheduling it again replaces the earlier one.
 */
export class QuietCollector {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs = QUIET_GC_MS,
    private readonly gc: () => Collect | null = collector,
  ) {}

  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.gc()?.();
    }, this.delayMs);
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How long the server must have had nothing to do after publishing before it collects garbage. */
export const IDLE_COLLECT_MS = 15;
/** The young generation is emptied between keystrokes once it is fuller than this. */
export const SCAVENGE_FILL = 0.3;
/**
 * The old generation is collected in full between keystrokes once it has grown by this much since
 * its last full collection, or by MAJOR_GROWTH_SHARE of what it held then when that is more.
 */
export const MAJOR_GROWTH_BYTES = 3 * 1024 * 1024;
export const MAJOR_GROWTH_SHARE = 0.1;

/** What the idle collector reads of V8's heap: how full the young generation is (0 to 1) and the bytes in use in the old one. */
export interface HeapState {
  youngFill?: number;
  oldUsed?: number;
}

/** The young generation's fill, and the old generation as every space but the young ones (large objects, such as a big file's text, included). */
export function heapState(): HeapState {
  let youngFill: number | undefined;
  let oldUsed = 0;
  for (const s of getHeapSpaceStatistics()) {
    if (s.space_name === 'new_space') {
      const capacity = s.space_used_size + s.space_available_size;
      if (capacity > 0) youngFill = s.space_used_size / capacity;
    } else if (s.space_name !== 'new_large_object_space') oldUsed += s.space_used_size;
  }
  return { youngFill, oldUsed: oldUsed || undefined };
}

/**
 * Collects garbage while the server waits for the next keystroke, rather than in the middle of the
 * next check (see scripts/bench/profiling.md).
 *
 * The young generation: a check of a 5,000-line playbook allocates about 2.8 MB; once in about five
 * keystrokes the young generation fills during a check and V8 stops it for a scavenge of about
 * 4.5 ms, which copies everything that check has built so far. After the diagnostics are out, when
 * the young generation is fuller than SCAVENGE_FILL and nothing has arrived for IDLE_COLLECT_MS, a
 * minor collection runs; by then the last check's garbage is dead and only what the session keeps
 * is copied.
 *
 * The old generation: each such keystroke leaves about 0.4 MB there (the document's new text and
 * line table, which outlive a few keystrokes), and every 15 to 20 keystrokes V8 starts marking it
 * and does part of the marking inside checks, 3 to 10 ms at a time. Once it has grown by
 * MAJOR_GROWTH_BYTES (or MAJOR_GROWTH_SHARE) since its last full collection, the idle collection is
 * a full one instead, which costs about 5 ms for the playbook and leaves V8 no marking to do.
 *
 * A change that arrives first cancels a collection not yet started, so a burst of keystrokes pays nothing more.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  /** the old generation in use when first read after the last full collection (or less, seen since: V8 ran one of its own) */
  private oldBase: number | undefined;

  constructor(
    private readonly delayMs = IDLE_COLLECT_MS,
    private readonly gc: () => Collect | null = collector,
    private readonly heap: () => HeapState = heapState,
  ) {}

  /** Work is done and published: collect soon if the young generation is filling or the old one has grown. */
  settled(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { youngFill, oldUsed } = this.heap();
    if (oldUsed !== undefined && (this.oldBase === undefined || oldUsed < this.oldBase)) this.oldBase = oldUsed;
    const major = oldUsed !== undefined && this.oldBase !== undefined && oldUsed - this.oldBase > Math.max(MAJOR_GROWTH_BYTES, MAJOR_GROWTH_SHARE * this.oldBase);
    if (!major && (youngFill ?? 0) < SCAVENGE_FILL) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const gc = this.gc();
      if (!gc) return;
      if (!major) return gc({ type: 'minor' });
      gc({ type: 'major' });
      // V8 counts what is left once its threads have swept the pages, after the call returns: the next reading is the base
      this.oldBase = undefined;
    }, this.delayMs);
    this.timer.unref();
  }

  /** Work arrived: a collection now would hold it up. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
