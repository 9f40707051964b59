import { createHash } from 'node:crypto';
import type { RejectedRecord, StreamBatch } from '../../connectors/stream.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export interface BatchTarget {
  source: string;
  stream: string;
  runId: string;
  extractedAt: Date;
  primaryKey(record: unknown): string;
}

export const rawTableName = (source: string, stream: string) => `raw_${source}__${stream}`;

const loadTable = '_load_raw';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function ensureLoadTable(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`CREATE TEMP TABLE IF NOT EXISTS ${loadTable} (source_id VARCHAR, payload VARCHAR)`);
}

async function upsertRecords(
  warehouse: Warehouse,
  target: BatchTarget,
  records: readonly unknown[],
): Promise<void> {
  if (records.length === 0) return;
  await warehouse.run(`DELETE FROM ${loadTable}`);
  await warehouse.append(
    loadTable,
    records.map((r) => [target.primaryKey(r), JSON.stringify(r)]),
  );
  const table = rawTableName(target.source, target.stream);
  // Last copy of a key in the batch wins (DuckDB's ON CONFLICT applies only the first of duplicates);
  // unchanged payloads are left alone so a re-run leaves every row, lineage included, as it was.
  await warehouse.run(
    `INSERT INTO ${table} (source_id, payload, extracted_at, sync_run_id)
     SELECT source_id, CAST(payload AS JSON), $extracted, $run FROM ${loadTable}
     QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY rowid DESC) = 1
     ON CONFLICT (source_id) DO UPDATE SET payload = excluded.payload, extracted_at = excluded.extracted_at,
       sync_run_id = excluded.sync_run_id
     WHERE CAST(${table}.payload AS VARCHAR) IS DISTINCT FROM CAST(excluded.payload AS VARCHAR)`,
    { extracted: target.extractedAt.toISOString(), run: target.runId },
  );
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

async function saveCursor(warehouse: Warehouse, target: BatchTarget, cursor: string): Promise<void> {
  await warehouse.run(
    `INSERT INTO sync_cursors VALUES ($source, $stream, $cursor, $run, now())
     ON CONFLICT (source, stream) DO UPDATE SET cursor_value = excluded.cursor_value,
       sync_run_id = excluded.sync_run_id, updated_at = excluded.updated_at
     WHERE sync_cursors.cursor_value IS DISTINCT FROM excluded.cursor_value`,
    { source: target.source, stream: target.stream, cursor, run: target.runId },
  );
}

/** Writes one batch: records, rejects and the cursor that covers them, in one transaction. */
export async function loadBatch(
  warehouse: Warehouse,
  target: BatchTarget,
  batch: StreamBatch<unknown>,
): Promise<void> {
  await ensureLoadTable(warehouse);
  await warehouse.transaction(async () => {
    await upsertRecords(warehouse, target, batch.records);
    await quarantine(warehouse, target, batch.rejects);
    if (batch.cursor !== null) await saveCursor(warehouse, target, batch.cursor);
  });
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
