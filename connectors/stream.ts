import type { Logger } from '../src/logger.ts';

export type SourceName = 'pagerduty' | 'jira' | 'github';

/** A record that failed its schema: kept with the reason, never dropped silently. */
export interface RejectedRecord {
  stream: string;
  sourceId: string | null;
  reason: string;
  payload: unknown;
}

/**
 * One page (or a few) of validated records. `cursor` is the stream's cursor value that covers every record
 * yielded so far in this read (an ISO-8601 UTC instant), or null when this batch does not move it
 * (for example mid-window). The loader writes the batch and the cursor in one transaction.
 */
export interface StreamBatch<T> {
  records: T[];
  rejects: RejectedRecord[];
  cursor: string | null;
}

export interface StreamContext {
  /** Last committed cursor of this stream; null on a first or `--full` sync. */
  cursor: string | null;
  /** The instant the run started; reads never ask for data after it. */
  now: Date;
  /** Ids the warehouse still holds as open (not resolved); streams that support it re-poll them. */
  refreshIds?: readonly string[];
  log: Logger;
  signal?: AbortSignal;
}

export interface Stream<T> {
  source: SourceName;
  /** Stream name, e.g. `incidents`; the raw table is `raw_<source>__<name>`. */
  name: string;
  primaryKey(record: T): string;
  read(ctx: StreamContext): AsyncGenerator<StreamBatch<T>>;
}
