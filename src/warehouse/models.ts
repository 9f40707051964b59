import { ConfigError } from '../errors/index.ts';
import { martSkippedMethods, withCompressionSkipped } from './compression.ts';
import { isOutOfMemory } from './memory-limit.ts';
import { readSqlDir, type SqlFile } from './sql-files.ts';
import { buildCheckpointThreshold, loadCheckpointThreshold, type Warehouse } from './warehouse.ts';

/** Layers in the order data flows through them; a model may only read its own or earlier layers. */
export const modelLayers = ['staging', 'marts', 'metrics'] as const;

const dependsPattern = /^--\s*depends:\s*(.+)$/m;

function dependenciesOf(model: SqlFile): string[] {
  const match = dependsPattern.exec(model.text);
  return match?.[1]
    ? match[1]
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean)
    : [];
}

/** Orders a layer's models so each comes after the models of the same layer it names in `-- depends:`. */
export function orderModels(models: SqlFile[]): SqlFile[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: SqlFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: SqlFile, trail: string[]) => {
    if (state.get(model.name) === 'done') return;
    if (state.get(model.name) === 'visiting') {
      throw new ConfigError(
        `SQL models depend on each other in a cycle: ${[...trail, model.name].join(' -> ')}`,
      );
    }
    state.set(model.name, 'visiting');
    for (const dep of dependenciesOf(model)) {
      const target = byName.get(dep);
      if (target) visit(target, [...trail, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}

export interface BuildOptions {
  /** Runs before each model, beside the cache release: the caller's own memory (the in-process sync's JS heap). */
  beforeModel?: () => void;
}

/**
 * Re-creates every model (views, and marts materialised as tables) layer by layer, each statement committed on
 * its own. Inside a transaction, DuckDB reads a scratch table created in that same transaction from
 * transaction-local storage: `pages` took 46 s instead of 5 s on a million log entries (bench, large).
 * Readers never see a half-built set: runs build in the work file, and only a finished run is published.
 */
export async function buildModels(warehouse: Warehouse, options: BuildOptions = {}): Promise<number> {
  await warehouse.reattach();
  await warehouse.memoryLimit.restore();
  await warehouse.run(`SET checkpoint_threshold = '${buildCheckpointThreshold}'`);
  try {
    return await withCompressionSkipped(warehouse, martSkippedMethods, () =>
      buildEveryModel(warehouse, options),
    );
  } finally {
    await warehouse.run(`SET checkpoint_threshold = '${loadCheckpointThreshold}'`);
  }
}

async function buildEveryModel(warehouse: Warehouse, options: BuildOptions): Promise<number> {
  let count = 0;
  for (const layer of modelLayers) {
    for (const model of orderModels(readSqlDir(layer))) {
      try {
        options.beforeModel?.();
        await warehouse.memoryLimit.releaseCache();
        await dropOtherKind(warehouse, model);
        await runModel(warehouse, model);
      } catch (error) {
        throw new Error(`SQL model ${layer}/${model.name}.sql failed: ${(error as Error).message}`);
      }
      count += 1;
    }
  }
  return count;
}

/**
 * Runs one model; one that runs out of memory is run again on a single thread. Under a tight memory_limit
 * (256 MB, bench large) the two threads of a large aggregate now and then pin more than the limit between
 * them, in 3 of about 15 rebuilds; one thread needs far less, at about twice the time for that model only.
 * A model is one statement that replaces its table or view, so running it again is safe.
 */
async function runModel(warehouse: Warehouse, model: SqlFile): Promise<void> {
  try {
    await warehouse.run(model.text);
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    await warehouse.run('SET threads = 1');
    try {
      await warehouse.run(model.text);
    } finally {
      await warehouse.run('RESET threads');
    }
  }
}

const createPattern = /CREATE\s+OR\s+REPLACE\s+(TABLE|VIEW)\s+([A-Za-z0-9_]+)/i;

/**
 * A model that changed from view to table (or back) cannot be replaced in place: the old object of the other
 * kind is dropped first, so warehouses made by an earlier version rebuild cleanly.
 */
async function dropOtherKind(warehouse: Warehouse, model: SqlFile): Promise<void> {
  const match = createPattern.exec(model.text);
  if (!match) return;
  const [, kind, name] = match as unknown as [string, string, string];
  const other = kind.toUpperCase() === 'TABLE' ? 'VIEW' : 'TABLE';
  const catalog = other === 'VIEW' ? 'duckdb_views()' : 'duckdb_tables()';
  const column = other === 'VIEW' ? 'view_name' : 'table_name';
  const existing = await warehouse.one(
    `SELECT 1 AS x FROM ${catalog} WHERE ${column} = $name AND database_name = current_database() AND NOT internal`,
    { name },
  );
  if (existing) await warehouse.run(`DROP ${other} ${name}`);
}
