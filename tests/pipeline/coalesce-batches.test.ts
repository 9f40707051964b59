import { describe, expect, it } from 'vitest';
import type { Stream, StreamBatch } from '../../connectors/stream.ts';
import { silentLogger } from '../../src/logger.ts';
import { coalesceBatches } from '../../src/pipeline/coalesce-batches.ts';

function streamOf(batches: StreamBatch<number>[]): Stream<number> {
  return {
    source: 'pagerduty',
    name: 'numbers',
    primaryKey: (n) => String(n),
    async *read() {
      yield* batches;
    },
  };
}

async function collect(stream: Stream<number>) {
  const out: StreamBatch<number>[] = [];
  for await (const b of stream.read({ cursor: null, now: new Date(), log: silentLogger })) out.push(b);
  return out;
}

describe('coalesceBatches', () => {
  it('merges pages up to the size and never holds back a cursor', async () => {
    const page = (from: number, cursor: string | null = null): StreamBatch<number> => ({
      records: [from, from + 1],
      rejects: [],
      cursor,
    });
    const merged = await collect(
      coalesceBatches(streamOf([page(0), page(2), page(4), page(6, 'c1'), page(8), page(10)]), 5),
    );
    expect(merged.map((b) => [b.records, b.cursor])).toEqual([
      [[0, 1, 2, 3, 4, 5], null],
      [[6, 7], 'c1'],
      [[8, 9, 10, 11], null],
    ]);
  });

  it('keeps rejects and yields nothing for an empty stream', async () => {
    const reject = { stream: 'numbers', sourceId: 'x', reason: 'bad', payload: {} };
    const merged = await collect(
      coalesceBatches(streamOf([{ records: [], rejects: [reject], cursor: null }]), 10),
    );
    expect(merged).toEqual([{ records: [], rejects: [reject], cursor: null }]);
    expect(await collect(coalesceBatches(streamOf([]), 10))).toEqual([]);
  });
});
