import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How long after workspace indexing the server collects garbage. V8 keeps its young generation at
 * the size a burst of work grew it to (16 MB and more after indexing a large workspace) and shrinks
 * it only in a collection that runs while little has been allocated for about five seconds; a
 * collection sooner would not give the memory back.
 */
export const QUIET_GC_MS = 6000;

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

/** How long the server must have had nothing to do after publishing before it empties its young generation. */
export const IDLE_SCAVENGE_MS = 15;
/** The young generation is emptied between keystrokes once it is fuller than this. */
export const SCAVENGE_FILL = 0.3;

/** How full V8's young generation is, 0 to 1 (undefined where V8 does not say). */
function youngFill(): number | undefined {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young) return undefined;
  const capacity = young.space_used_size + young.space_available_size;
  return capacity > 0 ? young.space_used_size / capacity : undefined;
}

/**
 * Empties V8's young generation while the server waits for the next keystroke, rather than in the
 * middle of the next check. A check of a 5,000-line playbook allocates about 2.8 MB; once in about
 * five keystrokes the young generation fills during a check and V8 stops it for a scavenge of about
 * 4.5 ms, which copies everything that check has built so far: that is the tail of the keystroke's
 * latency (see scripts/bench/profiling.md). After the diagnostics are out, when the young
 * generation is fuller than SCAVENGE_FILL and nothing has arrived for IDLE_SCAVENGE_MS, a minor
 * collection runs; by then the last check's garbage is dead and only what the session keeps is
 * copied. A change that arrives first cancels it, so a burst of keystrokes pays nothing more.
 */
export class IdleScavenger {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs = IDLE_SCAVENGE_MS,
    private readonly gc: () => Collect | null = collector,
    private readonly fill: () => number | undefined = youngFill,
  ) {}

  /** Work is done and published: collect soon if the young generation is filling. */
  settled(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if ((this.fill() ?? 0) < SCAVENGE_FILL) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.gc()?.({ type: 'minor' });
    }, this.delayMs);
    this.timer.unref();
  }

  /** Work arrived: a collection now would hold it up. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
