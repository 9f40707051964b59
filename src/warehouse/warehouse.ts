import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { MemoryLimit } from './memory-limit.ts';

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];
export type JsonRow = Record<string, unknown>;

/** DuckDB's JSON conversion writes these as text so no precision is lost; counts and ids fit a JS number. */
const wideIntegerTypes = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT']);

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB's memory_limit, e.g. '512MB'. Keeps large backfills inside a predictable footprint. */
  memoryLimit?: string;
}

/**
 * Row groups of 4,096 rows instead of DuckDB's 122,880: raw tables hold kilobyte JSON payloads, and a default
 * row group of them is ~130 MB that DuckDB keeps uncompressed in memory, then compresses in one piece at each
 * checkpoint. With the Appender (load-batch.ts) a backfill peaked at 730-830 MB instead of ~1,120 MB (bench,
 * large) at 16k rows; 4k rows took another 50-70 MB off the loads at the same speed.
 * Only new row groups take the size; a file written either way opens in any DuckDB client.
 */
const rowGroupSize = 4_096;

/**
 * WAL size that triggers a checkpoint while loading. A checkpoint also serialises the primary-key indexes (a CPU
 * hot spot in profiles of a backfill): every 64 MB instead of every 16 MB, a large backfill (bench, large) loaded
 * 3-6 s faster and peaked 25-30 MB lower (two runs each, taking turns).
 */
export const loadCheckpointThreshold = '64MB';

/** WAL size that triggers a checkpoint while the marts are rebuilt: a large CREATE TABLE ... AS is not cut up. */
export const buildCheckpointThreshold = '128MB';

/** The catalog name the file is attached under; it is also the default, so SQL never names it. */
const catalog = 'warehouse';

/** The catalog of the in-memory instance the file is attached to. */
const instanceCatalog = 'memory';

/** Attaches the file (the row group size is an ATTACH option, not an instance setting) and makes it the default. */
async function attachFile(connection: DuckDBConnection, file: string, readOnly: boolean): Promise<void> {
  const mode = readOnly ? 'READ_ONLY' : `ROW_GROUP_SIZE ${rowGroupSize}`;
  await connection.run(`ATTACH '${file.replaceAll("'", "''")}' AS ${catalog} (${mode})`);
  await connection.run(`USE ${catalog}`);
}

/** The one handle on the DuckDB file: sessions are pinned to UTC so text casts never depend on the host's TZ. */
export class Warehouse {
  /** memory_limit of this session: lowered while batches load, the configured one otherwise. */
  readonly memoryLimit: MemoryLimit;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    configuredMemoryLimit: string | undefined,
  ) {
    this.memoryLimit = new MemoryLimit(this, configuredMemoryLimit);
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    const file = path === ':memory:' ? path : resolve(path);
    if (file !== ':memory:' && !options.readOnly) mkdirSync(dirname(file), { recursive: true });
    const settings: Record<string, string> = {};
    if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
    if (!options.readOnly) settings.checkpoint_threshold = loadCheckpointThreshold;
    // Where work beyond memory_limit spills: beside the file, as DuckDB does when it opens the file itself.
    if (file !== ':memory:') settings.temp_directory = `${file}.tmp`;
    const instance = await DuckDBInstance.create(':memory:', settings);
    const connection = await instance.connect();
    if (file !== ':memory:') await attachFile(connection, file, options.readOnly ?? false);
    await connection.run("SET TimeZone = 'UTC'");
    // Marts are rebuilt whole; row order is never relied on, and keeping it costs memory on large rebuilds.
    await connection.run('SET preserve_insertion_order = false');
    return new Warehouse(file, instance, connection, options.memoryLimit);
  }

  /**
   * Detaches the file and attaches it again. What loads leave in memory goes with it: the key indexes (43 MB
   * for a million log entries, which DuckDB cannot evict) and every cached block. DuckDB reads an index back
   * from the file only when a later statement uses it, and the marts never do.
   */
  async reattach(): Promise<void> {
    if (this.path === ':memory:') return;
    await this.connection.run(`USE ${instanceCatalog}`);
    try {
      await this.connection.run(`DETACH ${catalog}`);
    } catch (error) {
      await this.connection.run(`USE ${catalog}`);
      throw error;
    }
    await attachFile(this.connection, this.path, false);
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as JSON-safe objects: 64/128-bit integers as numbers where exact (else text), timestamps as text. */
  async all<T extends JsonRow = JsonRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  /** Rows and column names, for callers that print whatever a query returns. */
  async query(sql: string, params?: SqlParams): Promise<{ columns: string[]; rows: JsonRow[] }> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const columns = reader.columnNames();
    const wideIntegers = reader
      .columnTypes()
      .map((t, i) => (wideIntegerTypes.has(t.toString()) ? columns[i] : undefined))
      .filter((c): c is string => c !== undefined);
    const rows = reader.getRowObjectsJson() as JsonRow[];
    for (const row of rows) {
      for (const column of wideIntegers) {
        const value = row[column];
        if (typeof value === 'string' && Number.isSafeInteger(Number(value))) row[column] = Number(value);
      }
    }
    return { columns, rows };
  }

  async one<T extends JsonRow = JsonRow>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Appends rows of text through DuckDB's Appender: values are copied straight into the table's vectors, with
   * no SQL text or JSON document to parse. Kept for tables without constraints (a refused Appender flushes again
   * when it is closed, which would abort the caller's retry).
   */
  async appendText(
    target: { table: string; schema?: string; catalog?: string },
    rows: Iterable<readonly string[]>,
  ): Promise<void> {
    const appender = await this.connection.createAppender(target.table, target.schema, target.catalog);
    try {
      for (const row of rows) {
        for (const value of row) appender.appendVarchar(value);
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
  }

  /** Runs `work` in one transaction: all of it is written, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
