import { mkdtempSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BatchTarget, loadBatch } from '../../src/pipeline/load-batch.ts';
import { isOutOfMemory, memoryLimitBytes } from '../../src/warehouse/memory-limit.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'opsledger-mem-')), 'w.duckdb');
const MiB = 2 ** 20;

async function currentLimit(warehouse: Warehouse): Promise<number> {
  // The buffer pool's own limit: current_setting('memory_limit') can disagree with it after a RESET.
  const row = await warehouse.one<{ limit: string }>(
    'SELECT memory_limit AS "limit" FROM pragma_database_size() LIMIT 1',
  );
  return memoryLimitBytes(row?.limit);
}

const target: BatchTarget = {
  source: 'pagerduty',
  stream: 'incidents',
  runId: 'run-1',
  extractedAt: new Date('2026-01-01T00:00:00Z'),
  primaryKey: (record) => (record as { id: string }).id,
};

const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `P${i}`, title: `incident ${i}` }));

describe('memoryLimitBytes', () => {
  it('reads DuckDB sizes in decimal and binary units', () => {
    expect(memoryLimitBytes('512MB')).toBe(512_000_000);
    expect(memoryLimitBytes('2 GiB')).toBe(2 * 2 ** 30);
    expect(memoryLimitBytes('64.0 MiB')).toBe(64 * MiB);
    expect(memoryLimitBytes('1.5kb')).toBe(1500);
  });

  it("takes DuckDB's default, 80% of RAM, when the limit is unset or unreadable", () => {
    expect(memoryLimitBytes(undefined)).toBe(Math.floor(totalmem() * 0.8));
    expect(memoryLimitBytes('lots')).toBe(Math.floor(totalmem() * 0.8));
  });
});

describe('memory_limit while loading', () => {
  it('holds the buffer pool to the indexes plus 64 MB while batches load, and gives the configured limit back for the marts', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '1GB' });
    await migrate(warehouse);
    expect(await currentLimit(warehouse)).toBeGreaterThan(950 * MiB);
    await loadBatch(warehouse, target, { records: records(2000), rejects: [], cursor: 'c1' });
    const loading = await currentLimit(warehouse);
    expect(loading).toBeGreaterThanOrEqual(64 * MiB);
    expect(loading).toBeLessThan(100 * MiB);
    const [row] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM raw_pagerduty__incidents');
    expect(row?.n).toBe(2000);
    await buildModels(warehouse);
    expect(await currentLimit(warehouse)).toBeGreaterThan(950 * MiB);
    warehouse.close();
  });

  it("gives DuckDB's default back when no limit was configured", async () => {
    const warehouse = await Warehouse.open(tempFile());
    await migrate(warehouse);
    const before = await currentLimit(warehouse);
    await loadBatch(warehouse, target, { records: records(10), rejects: [], cursor: null });
    expect(await currentLimit(warehouse)).toBeLessThan(100 * MiB);
    await warehouse.memoryLimit.restore();
    expect(Math.abs((await currentLimit(warehouse)) - before)).toBeLessThan(0.01 * before);
    warehouse.close();
  });

  it('never raises a configured limit that is already below the loading one', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '48MB' });
    await migrate(warehouse);
    const configured = await currentLimit(warehouse);
    await loadBatch(warehouse, target, { records: records(10), rejects: [], cursor: null });
    expect(await currentLimit(warehouse)).toBe(configured);
    warehouse.close();
  });

  it('loads with the full limit for the rest of the session once a load ran short under the lower one', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '1GB' });
    await migrate(warehouse);
    await warehouse.memoryLimit.forLoading();
    expect(await currentLimit(warehouse)).toBeLessThan(100 * MiB);
    await warehouse.memoryLimit.stopLimitingLoads();
    await loadBatch(warehouse, target, { records: records(10), rejects: [], cursor: null });
    expect(await currentLimit(warehouse)).toBeGreaterThan(950 * MiB);
    warehouse.close();
  });

  it('recognises DuckDB out-of-memory errors and nothing else', () => {
    expect(isOutOfMemory(new Error('Out of Memory Error: failed to allocate data of size 8.0 MiB'))).toBe(
      true,
    );
    expect(isOutOfMemory(new Error('Constraint Error: Duplicate key'))).toBe(false);
    expect(isOutOfMemory('Out of Memory Error')).toBe(false);
  });
});

async function cachedTableMiB(warehouse: Warehouse): Promise<number> {
  const row = await warehouse.one<{ bytes: number }>(
    "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) AS bytes FROM duckdb_memory() WHERE tag = 'BASE_TABLE'",
  );
  return (row?.bytes ?? 0) / MiB;
}

const flushThreshold = async (warehouse: Warehouse) =>
  (
    await warehouse.one<{ value: string }>(
      "SELECT current_setting('allocator_bulk_deallocation_flush_threshold') AS value",
    )
  )?.value;

describe('releasing the block cache between models', () => {
  it('evicts the cached table blocks and leaves memory_limit and the flush threshold as they were', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '1GB' });
    await warehouse.run(
      "CREATE TABLE wide AS SELECT range AS id, repeat('x', 300) || range AS body FROM range(200000)",
    );
    await warehouse.run('CHECKPOINT');
    await warehouse.one('SELECT max(length(body)) AS m FROM wide');
    expect(await cachedTableMiB(warehouse)).toBeGreaterThan(4);
    const limit = await currentLimit(warehouse);
    const threshold = await flushThreshold(warehouse);

    await warehouse.memoryLimit.releaseCache();

    expect(await cachedTableMiB(warehouse)).toBeLessThanOrEqual(1);
    expect(await currentLimit(warehouse)).toBe(limit);
    expect(await flushThreshold(warehouse)).toBe(threshold);
    const row = await warehouse.one<{ n: number }>('SELECT count(*) AS n FROM wide');
    expect(row?.n).toBe(200000);
    warehouse.close();
  });

  it('keeps the loading limit when it is released in the middle of a load', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '1GB' });
    await migrate(warehouse);
    await warehouse.memoryLimit.forLoading();
    const loading = await currentLimit(warehouse);
    expect(loading).toBeLessThan(100 * MiB);
    await warehouse.memoryLimit.releaseCache();
    expect(await currentLimit(warehouse)).toBe(loading);
    warehouse.close();
  });
  it('goes on when the key indexes alone are more than it can evict down to', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '1GB' });
    await migrate(warehouse);
    await loadBatch(warehouse, target, { records: records(50000), rejects: [], cursor: 'c1' });
    const index = await warehouse.one<{ bytes: number }>(
      "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) AS bytes FROM duckdb_memory() WHERE tag = 'ART_INDEX'",
    );
    expect(index?.bytes).toBeGreaterThan(MiB);
    const limit = await currentLimit(warehouse);
    await warehouse.memoryLimit.releaseCache();
    expect(await currentLimit(warehouse)).toBe(limit);
    await loadBatch(warehouse, target, { records: records(50010).slice(50000), rejects: [], cursor: 'c2' });
    const row = await warehouse.one<{ n: number }>('SELECT count(*) AS n FROM raw_pagerduty__incidents');
    expect(row?.n).toBe(50010);
    warehouse.close();
  });
});

describe('Warehouse.reattach', () => {
  it('drops the key indexes a load left in memory and keeps the data, the default catalog and temp tables', async () => {
    const warehouse = await Warehouse.open(tempFile(), { memoryLimit: '1GB' });
    await migrate(warehouse);
    await loadBatch(warehouse, target, { records: records(50000), rejects: [], cursor: 'c1' });
    const indexBytes = async () =>
      (
        await warehouse.one<{ bytes: number }>(
          "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) AS bytes FROM duckdb_memory() WHERE tag = 'ART_INDEX'",
        )
      )?.bytes ?? 0;
    expect(await indexBytes()).toBeGreaterThan(0);
    await warehouse.run('CREATE TEMP TABLE kept AS SELECT 1 AS x');

    await warehouse.reattach();

    expect(await indexBytes()).toBe(0);
    const row = await warehouse.one<{ n: number; db: string; kept: number }>(
      'SELECT (SELECT count(*) FROM raw_pagerduty__incidents) AS n, current_database() AS db, (SELECT x FROM kept) AS kept',
    );
    expect(row).toEqual({ n: 50000, db: 'warehouse', kept: 1 });
    // The primary key still holds: DuckDB reads the index back when a statement needs it.
    await expect(
      warehouse.run(`INSERT INTO raw_pagerduty__incidents VALUES ('P1', '{}', now(), 'run-2')`),
    ).rejects.toThrow(/Duplicate key|PRIMARY KEY|constraint/i);
    warehouse.close();
  });
});
