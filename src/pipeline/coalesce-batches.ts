import type { RejectedRecord, Stream, StreamBatch, StreamContext } from '../../connectors/stream.ts';
import { prefetched } from './prefetch.ts';
import { SerializedRecord } from './serialized-record.ts';

/** Batches read ahead of the one being loaded: 2 keeps DuckDB busy through uneven pages (bench, large). */
const readAheadBatches = 2;

/**
 * A page's records in the form they are loaded in, serialized now rather than after waiting in a batch. The page's
 * JSON texts are joined into one string that each record points into: V8 then holds one string per page (over
 * 128 KB, allocated in its large-object space, never copied) instead of a hundred small ones that every young
 * collection copies until they are promoted. Bench, large: the pipeline phase ran 58.0/59.9 s against 62.0/62.6 s
 * with one string per record, with 4-6 s less CPU (taking turns on one sandbox).
 */
function serializePage<T>(stream: Stream<T>, records: readonly T[]): SerializedRecord[] {
  const texts = records.map((record) => JSON.stringify(record));
  const page = texts.join('');
  let start = 0;
  return records.map((record, i) => {
    const end = start + (texts[i] as string).length;
    const serialized = new SerializedRecord(stream.primaryKey(record), page, start, end);
    start = end;
    return serialized;
  });
}

/** A cursor read but not yet loaded, with how many of the pending records it covers. */
interface HeldCursor {
  covers: number;
  cursor: string;
}

/**
 * Pages merged into batches of exactly `size` records (the stream's last batch takes what is left). A page may
 * be split between two batches; a cursor goes out with the batch that holds the last record of its page, never
 * earlier, so it is still written with the rows it covers.
 */
async function* mergePages<T>(stream: Stream<T>, ctx: StreamContext, size: number) {
  let records: SerializedRecord[] = [];
  let rejects: RejectedRecord[] = [];
  let cursors: HeldCursor[] = [];
  const take = (count: number): StreamBatch<SerializedRecord> => {
    const covered = cursors.filter((c) => c.covers <= count);
    const batch = { records: records.slice(0, count), rejects, cursor: covered.at(-1)?.cursor ?? null };
    records = records.slice(count);
    rejects = [];
    cursors = cursors.slice(covered.length).map((c) => ({ covers: c.covers - count, cursor: c.cursor }));
    return batch;
  };
  for await (const page of prefetched(stream.read(ctx))) {
    records.push(...serializePage(stream, page.records));
    rejects.push(...page.rejects);
    if (page.cursor !== null) cursors.push({ covers: records.length, cursor: page.cursor });
    while (records.length >= size) yield take(size);
  }
  if (records.length > 0 || rejects.length > 0 || cursors.length > 0) yield take(records.length);
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
 * Merges a stream's pages into batches of exactly `batchRecords` before they are loaded. Each DuckDB commit has
 * a fixed cost, so 100-record commits would spend most of a backfill committing; and a batch that fills whole
 * row groups (config: loadBatchRecords) is written straight to the file instead of through the write-ahead log.
 * So batches do not end where pages or windows do: a cursor waits for the batch that holds the rest of its page,
 * and is written with the rows it covers. Records come out serialized (key and JSON text), as every sink writes them.
 */
export function coalesceBatches<T>(stream: Stream<T>, batchRecords: number): Stream<SerializedRecord> {
  return {
    source: stream.source,
    name: stream.name,
    primaryKey: (record) => record.key,
    read: (ctx: StreamContext) => readAhead(mergePages(stream, ctx, batchRecords), readAheadBatches),
  };
}
