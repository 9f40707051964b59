import type { Stream, StreamBatch } from '../../connectors/stream.ts';

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
    async *read(ctx) {
      let pending: StreamBatch<T> = { records: [], rejects: [], cursor: null };
      for await (const batch of stream.read(ctx)) {
        pending.records.push(...batch.records);
        pending.rejects.push(...batch.rejects);
        pending.cursor = batch.cursor ?? pending.cursor;
        if (pending.cursor !== null || pending.records.length >= minRecords) {
          yield pending;
          pending = { records: [], rejects: [], cursor: null };
        }
      }
      if (pending.records.length > 0 || pending.rejects.length > 0) yield pending;
    },
  };
}
