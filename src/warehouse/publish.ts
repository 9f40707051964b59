import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, openSync, statSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Config } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import { migrate } from './migrate.ts';
import { Warehouse } from './warehouse.ts';

/**
 * Two files per warehouse. DuckDB lets one process hold a file, and while a writer holds it nobody else can
 * open it, not even read-only. So the writer (the in-process sync, or the queued run's writer jobs) works on a
 * private work file, and analysts open the published file, which only ever changes by an atomic rename of a
 * complete copy of the work file after a run that succeeded (or was partial: every loaded stream is whole).
 */
export interface WarehousePaths {
  /** What analysts open: `warehouse` / OPSLEDGER_WAREHOUSE. */
  published: string;
  /** The writer's file: `jobs.work_warehouse`, default `<name>.work.duckdb` beside the published file. */
  work: string;
  /** DuckDB's memory_limit for both files (`memory_limit` / OPSLEDGER_MEMORY_LIMIT); unset: DuckDB's default. */
  memoryLimit?: string;
}

/** `data/opsledger.duckdb` -> `data/opsledger.work.duckdb`; a name without an extension gets `.work`. */
export function workPathFor(published: string): string {
  const ext = extname(published);
  const stem = basename(published, ext);
  return join(dirname(published), ext ? `${stem}.work${ext}` : `${stem}.work`);
}

export function warehousePaths(config: {
  warehouse: string;
  jobs: Pick<Config['jobs'], 'workWarehouse'>;
  memoryLimit?: string;
}): WarehousePaths {
  const published = resolve(config.warehouse);
  const work = resolve(config.jobs.workWarehouse ?? workPathFor(published));
  if (work === published) {
    throw new ConfigError(
      'jobs.work_warehouse (OPSLEDGER_WORK_WAREHOUSE) must be another file than warehouse (OPSLEDGER_WAREHOUSE): analysts read one while a sync writes the other',
      'OPSLEDGER_WORK_WAREHOUSE',
    );
  }
  return { published, work, memoryLimit: config.memoryLimit };
}

/** DuckDB's answer when another process holds the file. */
export function isLockError(error: unknown): boolean {
  return error instanceof Error && /Could not set lock|Conflicting lock/i.test(error.message);
}

const walOf = (path: string) => `${path}.wal`;
const hasWal = (path: string) => existsSync(walOf(path)) && statSync(walOf(path)).size > 0;

function fsyncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies `from` to a temporary file beside `to`, flushes it to disk and renames it over `to` (atomic). */
async function replaceAtomically(from: string, to: string): Promise<void> {
  const temp = `${to}.publishing-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // A reflink where the filesystem supports it (instant), a plain copy elsewhere.
    await copyFile(from, temp, constants.COPYFILE_FICLONE);
    fsyncPath(temp, 'r+');
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  try {
    fsyncPath(dirname(to), 'r');
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is already atomic.
  }
}

/** Merges a file's WAL into it so that the file alone is the whole database (a copy without its WAL loses data). */
async function checkpointFile(path: string): Promise<void> {
  const warehouse = await Warehouse.open(path);
  try {
    await warehouse.run('CHECKPOINT');
  } finally {
    warehouse.close();
  }
}

/**
 * Opens the writer's work file, creating it from the published file the first time (a warehouse made before
 * the work file existed keeps its history and cursors), and brings its schema up to date. Another process
 * writing it is reported as such, not as DuckDB's lock message.
 */
export async function openWorkWarehouse(
  paths: WarehousePaths,
  options: { memoryLimit?: string } = {},
): Promise<Warehouse> {
  if (!existsSync(paths.work) && existsSync(paths.published)) {
    if (hasWal(paths.published)) await checkpointFile(paths.published);
    await replaceAtomically(paths.published, paths.work);
  }
  let warehouse: Warehouse;
  try {
    warehouse = await Warehouse.open(paths.work, { memoryLimit: paths.memoryLimit, ...options });
  } catch (error) {
    if (isLockError(error)) {
      throw new WarehouseBusyError(
        `the warehouse work file ${paths.work} is being written by another sync (a worker or another \`opsledger sync\`); try again when it ends`,
      );
    }
    throw error;
  }
  try {
    await migrate(warehouse);
  } catch (error) {
    warehouse.close();
    throw error;
  }
  return warehouse;
}

/** Another process holds the work file: worth waiting for, never a reason to give up on a run. */
export class WarehouseBusyError extends Error {
  override name = 'WarehouseBusyError';
}

/** Closes the writer's handle with everything checkpointed into the file itself, ready to be copied. */
export async function closeWorkWarehouse(warehouse: Warehouse): Promise<void> {
  try {
    await warehouse.run('CHECKPOINT');
  } finally {
    warehouse.close();
  }
}

/**
 * Publishes the (closed) work file: a complete copy replaces the published file in one rename, so a reader
 * opening it gets the previous run or this one, never a mix, and a reader that already has it open keeps
 * reading the previous version undisturbed.
 */
export async function publishWarehouse(paths: WarehousePaths): Promise<{ bytes: number }> {
  if (!existsSync(paths.work)) throw new Error(`nothing to publish: ${paths.work} does not exist`);
  if (hasWal(paths.work)) await checkpointFile(paths.work);
  await replaceAtomically(paths.work, paths.published);
  // A WAL left beside the published file (someone opened it read-write) belongs to the old file: replayed
  // against the new one it would corrupt it.
  await rm(walOf(paths.published), { force: true });
  return { bytes: statSync(paths.published).size };
}

/** Opens the published warehouse read-only, with a message that says what to do when it cannot. */
export async function openPublished(paths: WarehousePaths): Promise<Warehouse> {
  if (!existsSync(paths.published)) {
    const detail = existsSync(paths.work)
      ? 'no sync has been published yet (the first one is still running, or it failed: see `opsledger status`)'
      : 'run `opsledger sync` (or `npm start`) first';
    throw new ConfigError(
      `warehouse ${paths.published} does not exist yet: ${detail}`,
      'OPSLEDGER_WAREHOUSE',
    );
  }
  try {
    return await Warehouse.open(paths.published, { readOnly: true, memoryLimit: paths.memoryLimit });
  } catch (error) {
    if (isLockError(error)) {
      throw new Error(
        `warehouse ${paths.published} is held open for writing by another program (DuckDB allows one); open it read-only (duckdb -readonly) and try again`,
      );
    }
    throw error;
  }
}

/** Removes the published and work files (and WALs): the demo rebuilds its own warehouse from scratch. */
export async function removeWarehouseFiles(paths: WarehousePaths): Promise<void> {
  for (const path of [paths.published, paths.work])
    for (const file of [path, walOf(path)]) await rm(file, { force: true });
}
