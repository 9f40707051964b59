import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 sizes its heap for the machine: on a 24 GB host a large backfill (bench, large) left it at 130-230 MB, of
 * which ~30 MB was live, and a busy process never gives that back, so the marts were built beside ~100 MB of
 * dead pages. The loads' pages are all garbage once they are written, so one full collection then returns them.
 * Collecting whenever the heap passed 64 MB during the loads kept it at 60-100 MB but made the backfill ~9 s
 * slower (108 s against 99 s), so the loads leave the heap to V8.
 */

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

/** Collects the whole heap now (before the marts, when the loads' garbage is all dead). Returns whether it could. */
export function collectHeap(): boolean {
  const collect = fullCollector();
  if (!collect) return false;
  collect();
  return true;
}
