import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectHeap, collectYoungGeneration } from '../../src/pipeline/heap.ts';

const run = promisify(execFile);

/** The heap V8 held at most over a load-like run (tests/helpers/heap-growth.ts), in a fresh process. */
async function largestHeapMb(mode: 'default' | 'limited'): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/helpers/heap-growth.ts', mode]);
  return (JSON.parse(stdout) as { largestHeapMb: number }).largestHeapMb;
}

const youngUsed = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;

describe('heap collection', () => {
  it('collects the whole heap on demand, leaving less of it in use', () => {
    expect(collectHeap()).toBe(true);
    const baseline = getHeapStatistics().used_heap_size;
    const held: unknown[] = [];
    for (let i = 0; i < 200_000; i++) held.push({ i, text: `record ${i}` });
    expect(getHeapStatistics().used_heap_size).toBeGreaterThan(baseline + 5 * 2 ** 20);
    held.length = 0;
    expect(collectHeap()).toBe(true);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(baseline + 5 * 2 ** 20);
  });

  it('collects the young generation on demand', () => {
    expect(collectYoungGeneration()).toBe(true);
    let garbage: unknown[] | null = [];
    for (let i = 0; i < 20_000; i++) garbage.push({ i });
    garbage = null;
    const before = youngUsed();
    expect(before).toBeGreaterThan(2 ** 19);
    expect(collectYoungGeneration()).toBe(true);
    expect(youngUsed()).toBeLessThan(before / 2);
  });

  it('holds the heap near what is alive once limitHeapGrowth() has run', async () => {
    const [unlimited, limited] = await Promise.all([largestHeapMb('default'), largestHeapMb('limited')]);
    // V8 alone let this run's heap grow to ~150 MB around ~40 MB alive; limited, it stayed near 85 MB.
    expect(limited).toBeLessThan(unlimited * 0.75);
  });
});
