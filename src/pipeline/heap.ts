import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps the JavaScript heap of a long sync small. V8 sizes its heap for the machine (a 24 GB host let it grow
 * to 150-230 MB while a backfill loaded, ~30 MB of it live) and never gives it back while the process is busy,
 * so the marts were built beside 135 MB of dead pages. A full collection when the heap outgrows the budget costs
 * ~25 ms; with it a large backfill (bench, large) loads with 60-100 MB of heap, for ~5 s of a ~100 s run.
 */
export const heapBudgetBytes = 64 * 1024 * 1024;

type Collect = () => void;
let collector: Collect | null | undefined;

/**
 * V8's own full collection. `--expose-gc` set now only reaches contexts created later, so the function is taken
 * from a fresh one; where the flag is refused the heap is left to V8 (null).
 */
function fullCollector(): Collect | null {
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

/** After a batch: collects the heap when what it holds passed the budget. Returns whether it collected. */
export function collectHeapOverBudget(budgetBytes = heapBudgetBytes): boolean {
  if (getHeapStatistics().used_heap_size <= budgetBytes) return false;
  return collectHeap();
}

/** Collects the whole heap now (before the marts, when the loads' garbage is all dead). Returns whether it could. */
export function collectHeap(): boolean {
  const collect = fullCollector();
  if (!collect) return false;
  collect();
  return true;
}
