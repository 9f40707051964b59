import type { Job } from 'bullmq';
import { z } from 'zod';
import { recordRunEnd, type StreamOutcome } from '../src/pipeline/run-record.ts';
import { endRun } from '../src/pipeline/sync.ts';
import { publishWarehouse } from '../src/warehouse/publish.ts';
import type { Warehouse } from '../src/warehouse/warehouse.ts';
import { type JobContext, withWriter } from './context.ts';
import { parseJobData } from './errors.ts';
import { runStepDataSchema } from './metrics.ts';
import { removeRunSpool } from './spool.ts';

export const publishJobName = 'publish';

export const publishResultSchema = z.object({
  status: z.enum(['succeeded', 'partial', 'failed']),
  published: z.boolean(),
  bytes: z.number(),
});

export type PublishResult = z.infer<typeof publishResultSchema>;

/** A run whose every loaded stream is whole is published; `failed` (nothing loaded) keeps the previous file. */
export const publishable = (status: string) => status === 'succeeded' || status === 'partial';

/**
 * Ends the run: records its status from the streams' outcomes, closes the work file checkpointed, and, when
 * the run is publishable, replaces the published file atomically (publishWarehouse). The spool is removed
 * either way: its data is in the work file, where the next run continues from.
 */
async function streamOutcomes(warehouse: Warehouse, runId: string): Promise<StreamOutcome[]> {
  const rows = await warehouse.all<{
    source: string;
    stream: string;
    status: 'succeeded' | 'failed' | 'running';
    records: number;
    rejects: number;
    cursor_before: string | null;
    cursor_after: string | null;
    error: string | null;
  }>('SELECT * FROM sync_run_streams WHERE sync_run_id = $run ORDER BY started_at, source, stream', {
    run: runId,
  });
  return rows.map((r) => ({
    source: r.source,
    stream: r.stream,
    status: r.status,
    records: r.records,
    rejects: r.rejects,
    cursorBefore: r.cursor_before,
    cursorAfter: r.cursor_after,
    ...(r.error ? { error: r.error } : {}),
  }));
}

/**
 * A writer step failed for good: the run is recorded as failed with the reason (in the work file; the
 * published file is untouched) and its spool removed. Best effort: the next run marks it interrupted anyway.
 */
export async function markRunFailed(ctx: JobContext, runId: string, reason: string): Promise<void> {
  await withWriter(ctx, `fail ${runId}`, async (warehouse) => {
    await recordRunEnd(warehouse, runId, 'failed', await streamOutcomes(warehouse, runId), reason);
  });
  await removeRunSpool(ctx.spoolRoot, runId);
  ctx.log.error(`run ${runId} failed: ${reason}; ${ctx.paths.published} still holds the last good run`);
}

export async function processPublish(job: Job, ctx: JobContext): Promise<PublishResult> {
  const { runId } = parseJobData(runStepDataSchema, job.data, 'publish');
  let bytes = 0;
  const status = await withWriter(
    ctx,
    `publish ${runId}`,
    async (warehouse) => {
      const outcomes = await streamOutcomes(warehouse, runId);
      return endRun(warehouse, runId, outcomes);
    },
    async (runStatus) => {
      if (publishable(runStatus)) bytes = (await publishWarehouse(ctx.paths)).bytes;
    },
  );
  await removeRunSpool(ctx.spoolRoot, runId);
  const published = publishable(status);
  ctx.log.info(
    published
      ? `run ${runId} ${status}: published ${ctx.paths.published}`
      : `run ${runId} ${status}: not published, ${ctx.paths.published} still holds the last good run`,
  );
  return publishResultSchema.parse({ status, published, bytes });
}
