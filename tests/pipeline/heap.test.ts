import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectHeap, collectHeapOverBudget } from '../../src/pipeline/heap.ts';

/** Garbage the size of a few load batches: payload strings in short-lived objects. */
function makeGarbage(): number {
  let kept = 0;
  for (let batch = 0; batch < 20; batch++) {
    const records = Array.from({ length: 5000 }, (_, i) => ({
      id: `P${batch}-${i}`,
      body: 'x'.repeat(400) + i,
    }));
    kept += records.length;
  }
  return kept;
}

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

  it('collects only when the heap in use is over the budget', () => {
    expect(makeGarbage()).toBe(100_000);
    expect(collectHeapOverBudget(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(collectHeapOverBudget(0)).toBe(true);
  });
});
