import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { martSkippedMethods, withCompressionSkipped } from '../../src/warehouse/compression.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'opsledger-wh-')), 'w.duckdb');

describe('withCompressionSkipped', () => {
  const textCompression = async (warehouse: Warehouse, table: string) =>
    (
      await warehouse.all<{ compression: string }>(
        `SELECT DISTINCT compression FROM pragma_storage_info('${table}') WHERE segment_type = 'VARCHAR' ORDER BY 1`,
      )
    ).map((r) => r.compression);
  const writeText = async (warehouse: Warehouse, table: string) => {
    await warehouse.run(
      // Unique, wordy text: FSST's kind (a dictionary gains nothing on it), by far, whichever rows DuckDB samples.
      `CREATE TABLE ${table} AS SELECT 'incident escalated to the on-call engineer of the payments team, number '
         || CAST(i AS VARCHAR) AS s FROM range(100000) r(i)`,
    );
    await warehouse.run('CHECKPOINT');
  };
  const setting = async (warehouse: Warehouse) =>
    (await warehouse.one<{ v: string }>("SELECT current_setting('disabled_compression_methods') AS v"))?.v;

  it('writes mart text without FSST inside, as usual outside, and puts the setting back by value', async () => {
    const warehouse = await Warehouse.open(tempFile());
    await writeText(warehouse, 'before_build');
    expect(await textCompression(warehouse, 'before_build')).toContain('FSST');
    await withCompressionSkipped(warehouse, martSkippedMethods, () => writeText(warehouse, 'during_build'));
    expect(await textCompression(warehouse, 'during_build')).not.toContain('FSST');
    expect(await setting(warehouse)).toBe('');
    await writeText(warehouse, 'after_build');
    expect(await textCompression(warehouse, 'after_build')).toContain('FSST');

    await warehouse.run("SET disabled_compression_methods = 'rle'");
    await expect(
      withCompressionSkipped(warehouse, martSkippedMethods, async () => {
        expect((await setting(warehouse))?.toLowerCase().split(',')).toEqual(['rle', 'fsst']);
        throw new Error('model failed');
      }),
    ).rejects.toThrow('model failed');
    expect((await setting(warehouse))?.toLowerCase()).toBe('rle');
    warehouse.close();
  });
});
