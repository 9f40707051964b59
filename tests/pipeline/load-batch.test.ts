import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { type BatchTarget, loadBatch, readCursor } from '../../src/pipeline/load-batch.ts';
import { SerializedRecord } from '../../src/pipeline/serialized-record.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

interface Team {
  id: string;
  name: string;
}

const target = (runId: string, at: string): BatchTarget => ({
  source: 'pagerduty',
  stream: 'teams',
  runId,
  extractedAt: new Date(at),
  primaryKey: (record) => (record as Team).id,
});

const batch = (records: Team[], cursor: string | null = null) => ({ records, rejects: [], cursor });

describe('loadBatch', () => {
  let warehouse: Warehouse;

  beforeEach(async () => {
    warehouse = await Warehouse.open(join(mkdtempSync(join(tmpdir(), 'opsledger-load-')), 'w.duckdb'));
    await migrate(warehouse);
  });
  afterEach(() => warehouse.close());

  const rows = () =>
    warehouse.all<{ id: string; name: string; run: string }>(
      `SELECT source_id AS id, payload->>'name' AS name, sync_run_id AS run
       FROM raw_pagerduty__teams ORDER BY source_id`,
    );

  it('appends new keys, the last copy of a key in one batch winning', async () => {
    await loadBatch(
      warehouse,
      target('r1', '2026-01-01T00:00:00Z'),
      batch(
        [
          { id: 'T1', name: 'first' },
          { id: 'T2', name: 'two' },
          { id: 'T1', name: 'second' },
        ],
        'c1',
      ),
    );
    expect(await rows()).toEqual([
      { id: 'T1', name: 'second', run: 'r1' },
      { id: 'T2', name: 'two', run: 'r1' },
    ]);
    expect(await readCursor(warehouse, 'pagerduty', 'teams')).toBe('c1');
  });

  it('writes records serialized on arrival as their key and JSON text, whatever primaryKey says', async () => {
    const serialized = [
      new SerializedRecord('T1', JSON.stringify({ id: 'T1', name: 'as received' })),
      new SerializedRecord('T2', '{"name":"two","id":"T2"}'),
    ];
    await loadBatch(
      warehouse,
      { ...target('r1', '2026-01-01T00:00:00Z'), primaryKey: () => 'unused' },
      {
        records: serialized,
        rejects: [],
        cursor: 'c1',
      },
    );
    expect(await rows()).toEqual([
      { id: 'T1', name: 'as received', run: 'r1' },
      { id: 'T2', name: 'two', run: 'r1' },
    ]);
    const [payload] = await warehouse.all<{ text: string }>(
      "SELECT CAST(payload AS VARCHAR) AS text FROM raw_pagerduty__teams WHERE source_id = 'T2'",
    );
    expect(payload?.text).toBe('{"name":"two","id":"T2"}');
  });

  it('upserts a batch that holds loaded keys: changed rows rewritten, unchanged rows keep their lineage', async () => {
    await loadBatch(
      warehouse,
      target('r1', '2026-01-01T00:00:00Z'),
      batch([
        { id: 'T1', name: 'one' },
        { id: 'T2', name: 'two' },
      ]),
    );
    await loadBatch(
      warehouse,
      target('r2', '2026-01-02T00:00:00Z'),
      batch(
        [
          { id: 'T1', name: 'one' },
          { id: 'T2', name: 'renamed' },
          { id: 'T3', name: 'three' },
        ],
        'c2',
      ),
    );
    expect(await rows()).toEqual([
      { id: 'T1', name: 'one', run: 'r1' },
      { id: 'T2', name: 'renamed', run: 'r2' },
      { id: 'T3', name: 'three', run: 'r2' },
    ]);
    expect(await readCursor(warehouse, 'pagerduty', 'teams')).toBe('c2');
    const [count] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM raw_pagerduty__teams');
    expect(count?.n).toBe(3);
  });

  it('writes nothing of a batch whose write fails, cursor included, and leaves the session as it was', async () => {
    await warehouse.run("SET disabled_compression_methods = 'rle'");
    await warehouse.run('DROP TABLE raw_pagerduty__teams');
    await expect(
      loadBatch(warehouse, target('r1', '2026-01-01T00:00:00Z'), batch([{ id: 'T1', name: 'one' }], 'c1')),
    ).rejects.toThrow(/raw_pagerduty__teams/);
    expect(await readCursor(warehouse, 'pagerduty', 'teams')).toBeNull();
    const [session] = await warehouse.all<{ setting: string; staged: number }>(
      `SELECT current_setting('disabled_compression_methods') AS setting,
              (SELECT count(*) FROM temp.main.raw_batch) AS staged`,
    );
    expect(session).toEqual({ setting: 'RLE', staged: 0 });
  });
  it('writes a batch of the default size (one whole row group) straight to the file, not into the WAL', async () => {
    const { loadBatchRecords } = loadConfig({ env: {}, dotenv: false });
    const text = 'an incident summary of some length, as PagerDuty writes them '.repeat(16);
    const teams = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `T${from + i}`, name: `${text} ${from + i}` }));
    const walBytes = () => {
      try {
        return statSync(`${warehouse.path}.wal`).size;
      } catch {
        return 0;
      }
    };
    const payloadBytes = loadBatchRecords * text.length;

    await loadBatch(warehouse, target('r1', '2026-01-01T00:00:00Z'), batch(teams(0, loadBatchRecords), 'c1'));
    const afterWholeRowGroup = walBytes();
    expect(afterWholeRowGroup).toBeLessThan(payloadBytes / 10);

    // A batch short of a row group goes through the WAL, payloads and all.
    await loadBatch(
      warehouse,
      target('r1', '2026-01-01T00:00:00Z'),
      batch(teams(loadBatchRecords, 1000), 'c2'),
    );
    expect(walBytes() - afterWholeRowGroup).toBeGreaterThan(1000 * text.length);

    const [row] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM raw_pagerduty__teams');
    expect(row?.n).toBe(loadBatchRecords + 1000);
    expect(await readCursor(warehouse, 'pagerduty', 'teams')).toBe('c2');
  });

  it('writes raw row groups without trying dictionaries on them, and puts the compression setting back', async () => {
    const { loadBatchRecords } = loadConfig({ env: {}, dotenv: false });
    const teams = Array.from({ length: loadBatchRecords }, (_, i) => ({
      id: `T${i}`,
      name: `an incident summary of some length, as PagerDuty writes them, number ${i}`,
    }));
    await warehouse.run("SET disabled_compression_methods = 'rle'");
    await loadBatch(warehouse, target('r1', '2026-01-01T00:00:00Z'), batch(teams, 'c1'));
    await warehouse.run('CHECKPOINT');

    const compression = await warehouse.all<{ column_name: string; compression: string }>(
      `SELECT DISTINCT column_name, compression FROM pragma_storage_info('raw_pagerduty__teams')
       WHERE segment_type = 'VARCHAR' ORDER BY ALL`,
    );
    // One run id in every row: a dictionary's case, had DuckDB been let to try one.
    expect(
      compression.filter((c) => c.column_name === 'sync_run_id').map((c) => c.compression),
    ).not.toContain('Dictionary');
    expect(compression.map((c) => c.compression)).toContain('FSST');
    const [setting] = await warehouse.all<{ v: string }>(
      "SELECT current_setting('disabled_compression_methods') AS v",
    );
    expect(setting?.v.toLowerCase()).toBe('rle');
  });
});
