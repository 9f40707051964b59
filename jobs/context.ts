import type { Config } from '../src/config/index.ts';
import type { Logger } from '../src/logger.ts';
import { closeWorkWarehouse, openWorkWarehouse, type WarehousePaths } from '../src/warehouse/publish.ts';
import type { Warehouse } from '../src/warehouse/warehouse.ts';
import type { QueueRuntime } from './runtime.ts';
import { WriterLock } from './writer-lock.ts';

/** What every processor gets from the worker process that runs it. */
export interface JobContext {
  config: Config;
  log: Logger;
  runtime: QueueRuntime;
  paths: WarehousePaths;
  /** Root of the extract spool (see spool.ts). */
  spoolRoot: string;
  /** Aborted when the worker stops and its grace period is over: extract jobs then hand their job back. */
  handBack: AbortSignal;
  /** Pauses a source's queue for every worker (BullMQ's rate limit) after the API answered 429. */
  rateLimit(source: string, ms: number): Promise<void>;
}

export const writerLockKey = (ctx: JobContext) => `${ctx.runtime.prefix}:writer-lock`;

/**
 * Runs `work` as the warehouse's single writer: holds the Redis writer lock, opens the work file, and closes it
 * checkpointed. `afterClose` runs with the file closed and the lock still held (publishing copies the file).
 */
export async function withWriter<T>(
  ctx: JobContext,
  label: string,
  work: (warehouse: Warehouse) => Promise<T>,
  afterClose?: (result: T) => Promise<void>,
): Promise<T> {
  const lock = await WriterLock.acquire(ctx.runtime.connection, writerLockKey(ctx), {
    ttlMs: Math.max(10_000, ctx.config.jobs.lockDurationMs * 2),
    signal: ctx.handBack,
  });
  try {
    const warehouse = await openWorkWarehouse(ctx.paths);
    let result: T;
    try {
      result = await work(warehouse);
    } catch (error) {
      warehouse.close();
      throw error;
    }
    await closeWorkWarehouse(warehouse);
    if (afterClose) await afterClose(result);
    if (lock.lost)
      ctx.log.warn(
        `${label}: the writer lock expired while held (Redis was away); DuckDB's file lock kept other writers out`,
      );
    return result;
  } finally {
    await lock.release();
  }
}
