/**
 * Run as a child process by tests/pipeline/heap.test.ts: reads pages the way a load does (a window of batches
 * alive, everything older garbage) and prints the largest heap V8 held, with or without limitHeapGrowth().
 */
import { memoryUsage } from 'node:process';
import { limitHeapGrowth } from '../../src/pipeline/heap.ts';

if (process.argv[2] === 'limited') limitHeapGrowth();

const record = (i: number) => ({
  id: `P${i}`,
  summary: `entry ${i} `.repeat(8),
  at: new Date(i).toISOString(),
});
const window: unknown[][] = [];
let largest = 0;
for (let page = 0; page < 20_000; page++) {
  window.push(Array.from({ length: 100 }, (_, i) => record(page * 100 + i)));
  // About 40 MB alive at any time, as a few batches in flight are.
  if (window.length > 600) window.shift();
  largest = Math.max(largest, memoryUsage().heapTotal);
}
process.stdout.write(JSON.stringify({ largestHeapMb: Math.round(largest / 2 ** 20) }));
