import type { Stream, StreamBatch, StreamContext } from '../../connectors/stream.ts';
import { SerializedRecord } from './serialized-record.ts';

/** Batches read ahead of the one being loaded: 2 keeps DuckDB busy through uneven pages (bench, large). */
const readAheadBatches = 2;

/** A page's records in the form they are loaded in, serialized now rather than after waiting in a batch. */
function serializePage<T>(stream: Stream<T>, records: readonly T[]): SerializedRecord[] {
  return records.map((record) => new SerializedRecord(stream.primaryKey(record), JSON.stringify(record)));
}

async function* mergePages<T>(stream: Stream<T>, ctx: StreamContext, minRecords: number) {
  let pending: StreamBatch<SerializedRecord> = { records: [], rejects: [], cursor: null };
  for await (const batch of stream.read(ctx)) {
    pending.records.push(...serializePage(stream, batch.records));
    pending.rejects.push(...batch.rejects);
    pending.cursor = batch.cursor ?? pending.cursor;
    if (pending.cursor !== null || pending.records.length >= minRecords) {
      yield pending;
      pending = { records: [], rejects: [], cursor: null };
    }
  }
  if (pending.records.length > 0 || pending.rejects.length > 0) yield pending;
}

/**
 * Keeps reading up to `depth` batches ahead while the consumer is still loading the current one: DuckDB writes
 * on its own threads, so fetching and loading overlap instead of taking turns, and a slow page or a slow commit
 * does not leave the other side idle.
 */
async function* readAhead<T>(batches: AsyncGenerator<StreamBatch<T>>, depth: number) {
  const queue: Promise<IteratorResult<StreamBatch<T>>>[] = [];
  // Calls to next() are queued by the generator itself, so they resolve in order.
  const pull = () => {
    const next = batches.next();
    // If the consumer stops early, a read already started must not surface as an unhandled rejection.
    next.catch(() => undefined);
    queue.push(next);
  };
  try {
    for (let i = 0; i < depth; i++) pull();
    while (true) {
      const result = await (queue.shift() as Promise<IteratorResult<StreamBatch<T>>>);
      if (result.done) return;
      pull();
      yield result.value;
    }
  } finally {
    await batches.return(undefined);
  }
}

/**
 * Merges a stream's pages into batches of about `minRecords` before they are loaded: each DuckDB commit has
 * a fixed cost (WAL flush), so 100-record commits would spend most of a backfill committing. A batch that
 * carries a cursor is never held back, so the cursor is still written with exactly the rows it covers.
 * Records come out serialized (key and JSON text), as every sink writes them.
 */
export function coalesceBatches<T>(stream: Stream<T>, minRecords: number): Stream<SerializedRecord> {
  return {
    source: stream.source,
    name: stream.name,
    primaryKey: (record) => record.key,
    read: (ctx: StreamContext) => readAhead(mergePages(stream, ctx, minRecords), readAheadBatches),
  };
}
