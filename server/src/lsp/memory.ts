import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How long after workspace indexing the server collects garbage. V8 keeps its young generation at
 * the size a burst of work grew it to (16 MB and more after indexing a large workspace) and shrinks
 * it only in a collection that runs while little has been allocated for about five seconds; a
 * collection sooner would not give the memory back.
 */
export const QUIET_GC_MS = 6000;

let collect: (() => void) | null | undefined;

/** V8's collector as a function: `gc` when the process was started with --expose-gc, else taken from a fresh context. */
function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return (collect = own);
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
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
    private readonly gc: () => (() => void) | null = collector,
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
