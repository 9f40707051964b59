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
  const page = (from: number, cursor: string | null = null): StreamBatch<number> => ({
    records: [from, from + 1],
    rejects: [],
    cursor,
  });
  const keysAndCursors = (batches: StreamBatch<SerializedRecord>[]) =>
    batches.map((b) => [b.records.map((r) => r.key), b.cursor]);

  it('cuts batches of exactly the size, splitting pages, the last batch taking the rest', async () => {
    const merged = await collect(
      coalesceBatches(streamOf([page(0), page(2), page(4), page(6), page(8), page(10)]), 5),
    );
    expect(keysAndCursors(merged)).toEqual([
      [['0', '1', '2', '3', '4'], null],
      [['5', '6', '7', '8', '9'], null],
      [['10', '11'], null],
    ]);
  });

  it('sends a cursor with the batch that holds the last record of its page, never earlier', async () => {
    const merged = await collect(
      coalesceBatches(streamOf([page(0), page(2, 'c1'), page(4, 'c2'), page(6), page(8, 'c3'), page(10)]), 5),
    );
    expect(keysAndCursors(merged)).toEqual([
      // c2's page ends at 5, which is in the next batch: only c1 is covered here.
      [['0', '1', '2', '3', '4'], 'c1'],
      // Both c2 and c3 are covered: the later one stands for both.
      [['5', '6', '7', '8', '9'], 'c3'],
      [['10', '11'], null],
    ]);
  });

  it('keeps a cursor that ends exactly on a batch boundary, and one on a last empty page', async () => {
    const empty = (cursor: string): StreamBatch<number> => ({ records: [], rejects: [], cursor });
    const merged = await collect(coalesceBatches(streamOf([page(0), page(2, 'c1'), empty('c2')]), 4));
    expect(keysAndCursors(merged)).toEqual([
      [['0', '1', '2', '3'], 'c1'],
      [[], 'c2'],
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
    expect(batch?.records.map((r) => [r.key, r.json])).toEqual([
      ['key-a', '{"id":"a","n":1}'],
      ['key-b', '{"id":"b","n":2.5}'],
    ]);
    expect(batch?.records.every((r) => r instanceof SerializedRecord)).toBe(true);
    expect(stream.primaryKey(new SerializedRecord('k', '{}'))).toBe('k');
  });

  it('gives every record its own JSON when a page shares one text and is split between batches', async () => {
    const records = [
      { id: 'a', title: 'Café down' },
      { id: 'b', title: '🔥 disk full', n: [1, 2] },
      { id: 'c', title: '"quoted" \\ text' },
      { id: 'd', title: '' },
      { id: 'e', title: 'ü' },
    ];
    const stream = coalesceBatches(
      {
        source: 'pagerduty',
        name: 'objects',
        primaryKey: (r: { id: string }) => r.id,
        async *read() {
          yield { records: records.slice(0, 3), rejects: [], cursor: 'p1' };
          yield { records: records.slice(3), rejects: [], cursor: 'p2' };
        },
      },
      2,
    );
    const batches = await collect(stream);
    expect(batches.map((b) => b.records.map((r) => r.key))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    const loaded = batches.flatMap((b) => b.records.map((r) => JSON.parse(r.json) as unknown));
    expect(loaded).toEqual(records);
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
