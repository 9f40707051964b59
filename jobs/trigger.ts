import type { Job } from 'bullmq';
import { z } from 'zod';
import type { JobContext } from './context.ts';
import { enqueueRun } from './enqueue.ts';
import { parseJobData } from './errors.ts';

export const triggerJobName = 'trigger';

/** What the nightly scheduler's jobs carry: which sources, full or incremental. */
export const triggerDataSchema = z.object({
  sources: z.array(z.string().min(1)).optional(),
  full: z.boolean().default(false),
});

export const triggerResultSchema = z.object({ runJobId: z.string(), deduplicated: z.boolean() });

/**
 * The job the scheduler produces. It only enqueues a run the way `opsledger sync --queue` does, so a
 * scheduled run and a manual one share one deduplication: whichever comes second joins the first.
 */
export async function processTrigger(
  job: Job,
  ctx: JobContext,
): Promise<z.infer<typeof triggerResultSchema>> {
  const data = parseJobData(triggerDataSchema, job.data, 'trigger');
  const { jobId, deduplicated } = await enqueueRun(ctx.runtime, { trigger: 'schedule', ...data });
  ctx.log.info(
    deduplicated
      ? `scheduled sync: a run is already in progress (job ${jobId}); not starting another`
      : `scheduled sync: run job ${jobId} queued`,
  );
  return { runJobId: jobId, deduplicated };
}
