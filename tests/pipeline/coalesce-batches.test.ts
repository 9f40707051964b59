import { describe, expect, it } from 'vitest';
import type { Stream, StreamBatch } from '../../connectors/stream.ts';
import { silentLogger } from '../../src/logger.ts';
import { coalesceBatches } from '../../src/pipeline/coalesce-batches.ts';
import { SerializedRecord } from '../../src/pipeline/serialized-record.ts';

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

async function collect<T>(stream: Stream<T>) {
  const out: StreamBatch<T>[] = [];
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
    expect(merged.map((b) => [b.records.map((r) => r.key), b.cursor])).toEqual([
      [['0', '1', '2', '3', '4', '5'], null],
      [['6', '7'], 'c1'],
      [['8', '9', '10', '11'], null],
    ]);
  });

  it('serializes each record as it arrives: its primary key and its JSON text', async () => {
    const objects: StreamBatch<{ id: string; n: number }>[] = [
      {
        records: [
          { id: 'a', n: 1 },
          { id: 'b', n: 2.5 },
        ],
        rejects: [],
        cursor: 'c1',
      },
    ];
    const stream = coalesceBatches(
      {
        source: 'pagerduty',
        name: 'objects',
        primaryKey: (r: { id: string }) => `key-${r.id}`,
        async *read() {
          yield* objects;
        },
      },
      10,
    );
    const [batch] = await collect(stream);
    expect(batch?.records).toEqual([
      new SerializedRecord('key-a', '{"id":"a","n":1}'),
      new SerializedRecord('key-b', '{"id":"b","n":2.5}'),
    ]);
    expect(batch?.records.every((r) => r instanceof SerializedRecord)).toBe(true);
    expect(stream.primaryKey(new SerializedRecord('k', '{}'))).toBe('k');
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
