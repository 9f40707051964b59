import type { Stream } from '../../connectors/stream.ts';
import { AuthError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
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
  const label = `${stream.source}.${stream.name}`;
  const cursorBefore = await readCursor(warehouse, stream.source, stream.name);
  const outcome: StreamOutcome = {
    source: stream.source,
    stream: stream.name,
    status: 'running',
    records: 0,
    rejects: 0,
    cursorBefore,
    cursorAfter: cursorBefore,
  };
  const target = {
    source: stream.source,
    stream: stream.name,
    runId: options.runId,
    extractedAt: options.now,
    primaryKey: (r: unknown) => stream.primaryKey(r),
  };
  const started = Date.now();
  let lastProgress = started;
  try {
    const batches = stream.read({
      cursor: options.full ? null : cursorBefore,
      now: options.now,
      refreshIds: options.refreshIds,
      log: options.log,
      signal: options.signal,
    });
    for await (const batch of batches) {
      await loadBatch(warehouse, target, batch);
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
    return { outcome, credentialsRejected: error instanceof AuthError };
  }
}
