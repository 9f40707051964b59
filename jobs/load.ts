import { Job } from 'bullmq';
import { z } from 'zod';
import type { RejectedRecord } from '../connectors/stream.ts';
import { loadBatch } from '../src/pipeline/load-batch.ts';
import { recordStream, type StreamOutcome } from '../src/pipeline/run-record.ts';
import { buildModels } from '../src/warehouse/models.ts';
import type { Warehouse } from '../src/warehouse/warehouse.ts';
import { type JobContext, withWriter } from './context.ts';
import { parseJobData } from './errors.ts';
import { runIdSchema } from './extract.ts';
import { extractQueueName, flowJobIds } from './runtime.ts';
import { readSpoolBatches, readSpoolResult, type SpoolResult, streamSpoolDir } from './spool.ts';

export const loadJobName = 'load';

export const loadDataSchema = z.object({
  runId: runIdSchema,
  now: z.iso.datetime({ message: 'expected an ISO-8601 UTC instant' }),
  /** Streams in the order the in-process sync reads them, with the cursor each started from. */
  streams: z.array(
    z.object({ source: z.string().min(1), stream: z.string().min(1), cursor: z.string().nullable() }),
  ),
});

export type LoadData = z.infer<typeof loadDataSchema>;

export const outcomeSchema = z.object({
  source: z.string(),
  stream: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  records: z.number(),
  rejects: z.number(),
  cursorBefore: z.string().nullable(),
  cursorAfter: z.string().nullable(),
  error: z.string().optional(),
});

export const loadResultSchema = z.object({
  outcomes: z.array(outcomeSchema),
  requests: z.number(),
  models: z.number(),
});

export type LoadResult = z.infer<typeof loadResultSchema>;

/** Batches are merged up to this many records per transaction: fewer commits, same rows and cursors. */
const recordsPerTransaction = 2000;

/** Writes an attempt's spooled batches, each group with the last cursor it carries, in one transaction each. */
async function replay(
  warehouse: Warehouse,
  dir: string,
  result: SpoolResult,
  target: { source: string; stream: string; runId: string; extractedAt: Date },
): Promise<number> {
  const keys = new Map<unknown, string>();
  const primaryKey = (record: unknown) => keys.get(record) ?? '';
  let records: unknown[] = [];
  let rejects: RejectedRecord[] = [];
  let cursor: string | null = null;
  let loaded = 0;
  const flush = async () => {
    if (records.length === 0 && rejects.length === 0 && cursor === null) return;
    await loadBatch(warehouse, { ...target, primaryKey }, { records, rejects, cursor });
    loaded += records.length;
    records = [];
    rejects = [];
    cursor = null;
    keys.clear();
  };
  for await (const spooled of readSpoolBatches(dir, result)) {
    spooled.batch.records.forEach((record, i) => {
      keys.set(record, spooled.keys[i] ?? '');
      records.push(record);
    });
    rejects.push(...spooled.batch.rejects);
    if (spooled.batch.cursor !== null) cursor = spooled.batch.cursor;
    if (records.length >= recordsPerTransaction) await flush();
  }
  await flush();
  return loaded;
}

async function extractFailure(
  ctx: JobContext,
  runId: string,
  source: string,
  stream: string,
): Promise<string> {
  const job = await Job.fromId(
    ctx.runtime.queue(extractQueueName(source)),
    flowJobIds.extract(runId, source, stream),
  );
  return job?.failedReason
    ? `the extract job failed: ${job.failedReason}`
    : 'the extract job ended without a result (its worker died more often than the stall limit allows)';
}

/**
 * The single writer's first step: loads every stream's spooled batches (raw rows, rejects and cursors) into
 * the work warehouse in the in-process order, records each stream's outcome, then rebuilds the models
 * (`buildModels`, as the in-process sync does). A stream whose extract failed is recorded as failed, with
 * whatever its last attempt read before failing (its cursor covers exactly that).
 */
export async function processLoad(job: Job, ctx: JobContext): Promise<LoadResult> {
  const data = parseJobData(loadDataSchema, job.data, 'load');
  const extractedAt = new Date(data.now);
  return withWriter(ctx, `load ${data.runId}`, async (warehouse) => {
    const outcomes: StreamOutcome[] = [];
    let requests = 0;
    for (const { source, stream, cursor } of data.streams) {
      const dir = streamSpoolDir(ctx.spoolRoot, data.runId, source, stream);
      const result = await readSpoolResult(dir);
      let outcome: StreamOutcome;
      if (!result) {
        const error = await extractFailure(ctx, data.runId, source, stream);
        outcome = {
          source,
          stream,
          status: 'failed',
          records: 0,
          rejects: 0,
          cursorBefore: cursor,
          cursorAfter: cursor,
          error,
        };
      } else {
        const loaded = await replay(warehouse, dir, result, {
          source,
          stream,
          runId: data.runId,
          extractedAt,
        });
        if (loaded !== result.records) {
          throw new Error(
            `spool of ${source}.${stream} holds ${loaded} records, its result says ${result.records}`,
          );
        }
        requests += result.requests;
        outcome = {
          source,
          stream,
          status: result.status,
          records: result.records,
          rejects: result.rejects,
          cursorBefore: result.cursorBefore,
          cursorAfter: result.cursorAfter,
          ...(result.error ? { error: result.error } : {}),
        };
      }
      await recordStream(warehouse, data.runId, new Date(result?.startedAt ?? Date.now()), outcome);
      outcomes.push(outcome);
      ctx.log.info(
        `  loaded ${source}.${stream}: ${outcome.records} records, ${outcome.rejects} rejected, ${outcome.status}`,
      );
      await job.updateProgress({ loaded: outcomes.length, of: data.streams.length }).catch(() => undefined);
    }
    ctx.log.info(`building marts and metric views (run ${data.runId})`);
    const models = await buildModels(warehouse);
    return { outcomes, requests, models };
  });
}
