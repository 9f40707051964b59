import { randomUUID } from 'node:crypto';
import { Job } from 'bullmq';
import { runDataSchema, runJobName } from './run.ts';
import type { QueueRuntime } from './runtime.ts';

/** Every run, whoever triggers it, is added under this deduplication id: one run at a time. */
export const runDeduplicationId = 'opsledger-sync-run';

export interface RunRequest {
  /** Who asked: `cli`, `schedule`, a test... (shown in Bull Board). */
  trigger: string;
  sources?: string[];
  full?: boolean;
  /** The run's clock (tests pin it to the sandbox's); default: when the run is planned. */
  now?: Date;
}

/**
 * Adds a run to the sync queue unless one is already queued or running, in which case the caller gets that
 * run's job (BullMQ deduplication holds until the run job completes or fails: the whole run).
 */
export async function enqueueRun(
  runtime: QueueRuntime,
  request: RunRequest,
): Promise<{ jobId: string; deduplicated: boolean }> {
  const requestId = randomUUID();
  const data = runDataSchema.parse({
    requestId,
    trigger: request.trigger,
    full: request.full ?? false,
    ...(request.sources?.length ? { sources: request.sources } : {}),
    ...(request.now ? { now: request.now.toISOString() } : {}),
  });
  const queue = runtime.syncQueue;
  const job = await queue.add(runJobName, data, {
    ...runtime.jobOptions(),
    deduplication: { id: runDeduplicationId },
  });
  const jobId = job.id ?? '';
  const stored = await Job.fromId(queue, jobId);
  const storedRequest = runDataSchema.shape.requestId.safeParse(stored?.data?.requestId);
  return { jobId, deduplicated: storedRequest.success && storedRequest.data !== requestId };
}
