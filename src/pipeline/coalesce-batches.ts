import type { Stream, StreamBatch, StreamContext } from '../../connectors/stream.ts';

/** Batches read ahead of the one being loaded: 2 keeps DuckDB busy through uneven pages (bench, large). */
const readAheadBatches = 2;

async function* mergePages<T>(pages: AsyncIterable<StreamBatch<T>>, minRecords: number) {
  let pending: StreamBatch<T> = { records: [], rejects: [], cursor: null };
  for await (const batch of pages) {
    pending.records.push(...batch.records);
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
 */
export function coalesceBatches<T>(stream: Stream<T>, minRecords: number): Stream<T> {
  return {
    source: stream.source,
    name: stream.name,
    primaryKey: (record) => stream.primaryKey(record),
    read: (ctx: StreamContext) => readAhead(mergePages(stream.read(ctx), minRecords), readAheadBatches),
  };
}
