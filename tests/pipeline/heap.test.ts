import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectHeap } from '../../src/pipeline/heap.ts';

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
});
