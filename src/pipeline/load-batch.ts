import { createHash } from 'node:crypto';
import type { RejectedRecord, StreamBatch } from '../../connectors/stream.ts';
import { compressionSkippedStatements, quoted, rawTableSkippedMethods } from '../warehouse/compression.ts';
import { isOutOfMemory } from '../warehouse/memory-limit.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { keyAndPayload } from './serialized-record.ts';

export interface BatchTarget {
  source: string;
  stream: string;
  runId: string;
  extractedAt: Date;
  primaryKey(record: unknown): string;
}

export const rawTableName = (source: string, stream: string) => `raw_${source}__${stream}`;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A batch as [key, payload JSON] pairs. */
type KeyedBatch = (readonly [string, string])[];

/** Every record as [key, payload], in the batch's order. */
function keyed(target: BatchTarget, records: readonly unknown[]): KeyedBatch {
  return records.map((record) => keyAndPayload(record, target.primaryKey));
}

/** One row per key, the batch's last copy winning (as a later page would overwrite an earlier one). */
function latestPerKey(rows: KeyedBatch): KeyedBatch {
  const latest = new Map<string, string>();
  for (const [key, json] of rows) {
    // Deleting first moves a repeated key to the end, so rows keep the order of their last copy.
    latest.delete(key);
    latest.set(key, json);
  }
  return [...latest];
}

/**
 * A batch is first appended to this session-only table, which has no key to refuse it, then copied into the
 * raw table by one INSERT: the Appender takes the payload text as it is (no JSON document to build and
 * re-serialise, which cost twice the memory and time), and the INSERT keeps the key check and the upsert.
 */
const scratch = { table: 'raw_batch', schema: 'main', catalog: 'temp' };
const scratchName = `${scratch.catalog}.${scratch.schema}.${scratch.table}`;

/** Created outside the batch's transaction, so that a rolled back batch does not take the table with it. */
const createScratch = `CREATE TEMP TABLE IF NOT EXISTS ${scratch.table} (source_id VARCHAR, payload JSON)`;

/**
 * Copies the staged rows into the raw table. `insert` is the fast path for keys the table does not hold yet (a
 * backfill, new records of an incremental run): the primary key refuses it whole when one key already exists.
 * `upsert` merges by key and leaves unchanged payloads alone, so a re-run leaves every row, lineage included, as
 * it was.
 */
function writeRecordsSql(target: BatchTarget, mode: 'insert' | 'upsert'): string {
  const table = rawTableName(target.source, target.stream);
  const onConflict =
    mode === 'insert'
      ? ''
      : `ON CONFLICT (source_id) DO UPDATE SET payload = excluded.payload, extracted_at = excluded.extracted_at,
           sync_run_id = excluded.sync_run_id
         WHERE CAST(${table}.payload AS VARCHAR) IS DISTINCT FROM CAST(excluded.payload AS VARCHAR)`;
  return `INSERT INTO ${table} (source_id, payload, extracted_at, sync_run_id)
     SELECT source_id, payload, ${quoted(target.extractedAt.toISOString())}, ${quoted(target.runId)} FROM ${scratchName}
     ${onConflict}`;
}

async function quarantine(
  warehouse: Warehouse,
  target: BatchTarget,
  rejects: readonly RejectedRecord[],
): Promise<void> {
  for (const reject of rejects) {
    const payload = JSON.stringify(reject.payload ?? null);
    await warehouse.run(
      `INSERT INTO dq_rejects VALUES ($source, $stream, $hash, $id, $reason, CAST($payload AS JSON), $run, $at)
       ON CONFLICT DO NOTHING`,
      {
        source: target.source,
        stream: reject.stream || target.stream,
        hash: sha256(payload),
        id: reject.sourceId,
        reason: reject.reason,
        payload,
        run: target.runId,
        at: target.extractedAt.toISOString(),
      },
    );
  }
}

function saveCursorSql(target: BatchTarget, cursor: string): string {
  return `INSERT INTO sync_cursors
       VALUES (${quoted(target.source)}, ${quoted(target.stream)}, ${quoted(cursor)}, ${quoted(target.runId)}, now())
     ON CONFLICT (source, stream) DO UPDATE SET cursor_value = excluded.cursor_value,
       sync_run_id = excluded.sync_run_id, updated_at = excluded.updated_at
     WHERE sync_cursors.cursor_value IS DISTINCT FROM excluded.cursor_value`;
}

/**
 * Writes one batch in one transaction: its rows, rejects, and the cursor that covers them. The statements go to
 * DuckDB in three round trips (begin, the Appender, the rest as one script) instead of a dozen: each round trip
 * waits for this thread to be free between pages. Rejects, rare, keep their parameters and round trips. The rows
 * are staged inside the transaction, so the scratch table never commits them: committed and then deleted, they
 * would stay in its storage. A failure leaves nothing behind (the transaction rolled back, the compression setting
 * put back) and is thrown.
 */
async function writeBatch(
  warehouse: Warehouse,
  target: BatchTarget,
  rows: KeyedBatch,
  batch: StreamBatch<unknown>,
  mode: 'insert' | 'upsert',
): Promise<void> {
  const compression = compressionSkippedStatements(rawTableSkippedMethods);
  const putSettingBack = async (error: unknown): Promise<never> => {
    await warehouse.run(compression.restore);
    throw error;
  };
  await warehouse
    .run([createScratch, compression.skip, 'BEGIN TRANSACTION'].join(';\n'))
    .catch(putSettingBack);
  try {
    if (rows.length > 0) await warehouse.appendText(scratch, rows);
    await quarantine(warehouse, target, batch.rejects);
    const statements = [
      ...(rows.length > 0 ? [writeRecordsSql(target, mode), `DELETE FROM ${scratchName}`] : []),
      ...(batch.cursor !== null ? [saveCursorSql(target, batch.cursor)] : []),
      'COMMIT',
      compression.restore,
    ];
    await warehouse.run(statements.join(';\n'));
  } catch (error) {
    // Refused when the failed statement was the COMMIT, which has rolled back already.
    await warehouse.run('ROLLBACK').catch(() => undefined);
    await putSettingBack(error);
  }
}

/**
 * Writes one batch: records, rejects and the cursor that covers them, in one transaction. New keys are
 * inserted; when the batch holds a key already loaded (an overlap window, a re-run, a re-polled record) the
 * insert is rolled back and the batch is upserted instead, which is slower but leaves unchanged rows as they were.
 */
export async function loadBatch(
  warehouse: Warehouse,
  target: BatchTarget,
  batch: StreamBatch<unknown>,
): Promise<void> {
  const rows = keyed(target, batch.records);
  await warehouse.memoryLimit.forLoading();
  try {
    await writeBatch(warehouse, target, rows, batch, 'insert');
  } catch (error) {
    if (isOutOfMemory(error)) await warehouse.memoryLimit.stopLimitingLoads();
    // Any failure takes the upsert path: one that is not a key conflict fails there again and is thrown from it.
    // A key twice in one batch makes the insert fail on the primary key, so only the upsert needs one row per key.
    await writeBatch(warehouse, target, latestPerKey(rows), batch, 'upsert');
  }
}

export async function readCursor(
  warehouse: Warehouse,
  source: string,
  stream: string,
): Promise<string | null> {
  const row = await warehouse.one<{ cursor_value: string }>(
    'SELECT cursor_value FROM sync_cursors WHERE source = $source AND stream = $stream',
    { source, stream },
  );
  return row?.cursor_value ?? null;
}
