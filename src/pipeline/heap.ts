import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 sizes its heap for the machine: on a 24 GB host it lets the old generation grow to up to 4x what survived
 * the last full collection, so a large backfill (bench, large) held 130-260 MB of heap with ~30 MB live. Each
 * point of growth is a trade: at 20 % the full collections' marking threads took ~25 s of CPU more than at 70 %,
 * and on a two-core machine the whole pipeline ran 127 s instead of 115-117 s, for 349-384 MB of peak RSS against
 * 359 MB (batches held as JSON text, serialized-record.ts; pipeline phase alone, taking turns on one sandbox).
 */
const heapGrowingPercent = 70;

type Collect = (options?: { type: 'minor' | 'major' }) => void;
let collector: Collect | null | undefined;
let growthLimited = false;

/**
 * V8's own collection. `--expose-gc` set now only reaches contexts created later, so the function is taken
 * from a fresh one; where the flag is refused the heap is left to V8 (null).
 */
function gcFunction(): Collect | null {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collector = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collector = null;
    }
  }
  return collector;
}

/**
 * Holds the heap close to what is live while pages are read (process-wide, from the first call on). A V8 flag
 * rather than forced collections: collecting the whole heap whenever it passed 64 MB after a batch kept it as
 * small but made a large backfill ~9 s slower (108 s against 99 s).
 */
export function limitHeapGrowth(): void {
  if (growthLimited) return;
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  growthLimited = true;
}

/** Collects the whole heap now (before the marts, when the loads' garbage is all dead). Returns whether it could. */
export function collectHeap(): boolean {
  const collect = gcFunction();
  if (!collect) return false;
  collect();
  return true;
}

/**
 * Collects the young generation only: a few milliseconds when little is allocated. V8 gives its pages back
 * (2 x 8 MB with the CLI's flags) only at a collection that finds allocation slow for some seconds. The marts
 * are such a time, but JavaScript hardly allocates then, so nothing collects: it is asked for before each model.
 */
export function collectYoungGeneration(): boolean {
  const collect = gcFunction();
  if (!collect) return false;
  collect({ type: 'minor' });
  return true;
}
