import type { Stream, StreamBatch } from '../../connectors/stream.ts';
import { AuthError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { limitHeapGrowth } from './heap.ts';
import { loadBatch, readCursor } from './load-batch.ts';
import type { StreamOutcome } from './run-record.ts';

export interface ExtractOptions {
  runId: string;
  now: Date;
  full: boolean;
  log: Logger;
  refreshIds?: readonly string[];
  signal?: AbortSignal;
  /** How often a progress line is printed on long streams. */
  progressEveryMs?: number;
}

const fmt = new Intl.NumberFormat('en-US');

/** Where a read's batches go, and the committed cursor it starts from. */
export interface PullOptions extends ExtractOptions {
  /** The stream's committed cursor before this read (ignored as a start point when `full`). */
  cursorBefore: string | null;
  /** Takes one batch (records, rejects, cursor): the warehouse in-process, a spool file in a queued run. */
  sink(batch: StreamBatch<unknown>): Promise<void>;
}

export interface PullResult {
  outcome: StreamOutcome;
  /** The source refused the token: its other streams would fail the same way. */
  credentialsRejected: boolean;
  /** What stopped the read, when it failed (jobs decide from it whether to retry). */
  error?: unknown;
}

/**
 * Reads one stream to its end, handing each batch to `sink` as it arrives. Errors are returned in the
 * outcome (the cursor stays at the last batch the sink took), never thrown: one stream failing must not stop
 * the others. The in-process sync and the queued extract jobs both read through here.
 */
export async function pullStream(stream: Stream<unknown>, options: PullOptions): Promise<PullResult> {
  const label = `${stream.source}.${stream.name}`;
  const outcome: StreamOutcome = {
    source: stream.source,
    stream: stream.name,
    status: 'running',
    records: 0,
    rejects: 0,
    cursorBefore: options.cursorBefore,
    cursorAfter: options.cursorBefore,
  };
  const started = Date.now();
  let lastProgress = started;
  limitHeapGrowth();
  try {
    const batches = stream.read({
      cursor: options.full ? null : options.cursorBefore,
      now: options.now,
      refreshIds: options.refreshIds,
      log: options.log,
      signal: options.signal,
    });
    for await (const batch of batches) {
      await options.sink(batch);
      outcome.records += batch.records.length;
      outcome.rejects += batch.rejects.length;
      if (batch.cursor !== null) outcome.cursorAfter = batch.cursor;
      for (const reject of batch.rejects)
        options.log.warn(`${label}: quarantined ${reject.sourceId ?? 'a record'}: ${reject.reason}`);
      if (Date.now() - lastProgress >= (options.progressEveryMs ?? 2000)) {
        lastProgress = Date.now();
        const rate = outcome.records / ((lastProgress - started) / 1000);
        options.log.info(
          `  ${label}: ${fmt.format(outcome.records)} records so far (${fmt.format(Math.round(rate))}/s)`,
        );
      }
    }
    outcome.status = 'succeeded';
    return { outcome, credentialsRejected: false };
  } catch (error) {
    outcome.status = 'failed';
    outcome.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    options.log.error(
      `${label} failed, its cursor stays at ${outcome.cursorAfter ?? 'none'}: ${outcome.error}`,
    );
    return { outcome, credentialsRejected: error instanceof AuthError, error };
  }
}

/**
 * Reads one stream to its end, writing each batch (records, rejects, cursor) in its own transaction, so a
 * run killed at any moment resumes from the last committed cursor. Errors are returned in the outcome, with
 * `credentialsRejected` set when the source refused the token (its other streams would fail the same way).
 */
export async function extractStream(
  warehouse: Warehouse,
  stream: Stream<unknown>,
  options: ExtractOptions,
): Promise<{ outcome: StreamOutcome; credentialsRejected: boolean }> {
  const cursorBefore = await readCursor(warehouse, stream.source, stream.name);
  const target = {
    source: stream.source,
    stream: stream.name,
    runId: options.runId,
    extractedAt: options.now,
    primaryKey: (r: unknown) => stream.primaryKey(r),
  };
  const { outcome, credentialsRejected } = await pullStream(stream, {
    ...options,
    cursorBefore,
    sink: (batch) => loadBatch(warehouse, target, batch),
  });
  return { outcome, credentialsRejected };
}
