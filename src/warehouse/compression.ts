import type { Warehouse } from './warehouse.ts';

/**
 * Compression methods DuckDB need not try on a raw table's columns. Every raw table holds a unique key, a unique
 * JSON payload and one run id per batch: a dictionary, plain or with FSST on top, never wins on the first two, and
 * zstd is not picked for them either. DuckDB still analyses each candidate on every row group it writes, hashing
 * every payload for the dictionary. Left out, a million log entries (replayed through loadBatch into a new
 * warehouse, 128 MB memory_limit) loaded in 13.6-14.9 s and 14.8-16.3 s of CPU instead of 15.4-17.6 s and
 * 17.3-19.8 s (four runs each, taking turns), for a file 0.6 % smaller: the run id then takes FSST.
 */
export const rawTableSkippedMethods = ['dictionary', 'dict_fsst', 'zstd'] as const;

/**
 * FSST, left out while the marts are rebuilt: they are rebuilt on every sync, and choosing FSST for their text
 * columns is costly. On a large rebuild (bench, large, 128 MB memory_limit) the marts took 17-22 s without it
 * against 25 s with it, for a file ~10 % larger. The raw tables keep it: their JSON payloads take half the space
 * with FSST and are written only once.
 */
export const martSkippedMethods = ['fsst'] as const;

/** A text value as a SQL string literal (DuckDB's strings have no backslash escapes, only doubled quotes). */
export const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * SQL that leaves `methods` out for the statements sent after it, and SQL that puts the session's own setting back
 * by value, for work sent to DuckDB in one round trip (a raw batch, load-batch.ts): the setting in force is kept
 * in a session variable rather than read by a query of its own. One variable per session, so these must not nest;
 * `withCompressionSkipped`, which keeps the value in JavaScript, may.
 */
export function compressionSkippedStatements(methods: readonly string[]): { skip: string; restore: string } {
  const variable = "'opsledger_compression_before'";
  return {
    skip: `SET VARIABLE opsledger_compression_before = current_setting('disabled_compression_methods');
      SET disabled_compression_methods =
        concat_ws(',', nullif(getvariable(${variable}), ''), ${quoted(methods.join(','))})`,
    restore: `SET disabled_compression_methods = getvariable(${variable})`,
  };
}

/**
 * Runs `work` with DuckDB's string compression `methods` left out of what it tries when it writes row groups.
 * The setting is put back by value afterwards, with any method the session had already left out.
 */
export async function withCompressionSkipped<T>(
  warehouse: Warehouse,
  methods: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const row = await warehouse.one<{ value: string }>(
    "SELECT current_setting('disabled_compression_methods') AS value",
  );
  const before = row?.value ?? '';
  const skipped = before.split(',').filter((m) => m.trim() !== '');
  const added = methods.filter((m) => !skipped.some((s) => s.trim().toLowerCase() === m));
  await warehouse.run(`SET disabled_compression_methods = ${quoted([...skipped, ...added].join(','))}`);
  try {
    return await work();
  } finally {
    await warehouse.run(`SET disabled_compression_methods = ${quoted(before)}`);
  }
}
