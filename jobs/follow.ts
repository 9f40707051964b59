import { Job } from 'bullmq';
import { z } from 'zod';
import { type RunSummary, runDataSchema, runSummarySchema } from './run.ts';
import { extractQueueName, flowJobIds, type QueueRuntime, syncQueueName } from './runtime.ts';

export type RunEnd =
  | { state: 'completed'; summary: RunSummary }
  | { state: 'failed'; reason: string; runId: string | null }
  | { state: 'gone'; reason: string };

const progressSchema = z.object({ records: z.number().optional(), loaded: z.number().optional() }).loose();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One line per step whose state (or record count) changed since the last look. */
async function describeSteps(
  runtime: QueueRuntime,
  runId: string,
  streams: string[],
): Promise<Map<string, string>> {
  const steps: Array<[string, string, string]> = [
    ...streams.map((label): [string, string, string] => {
      const [source = '', ...rest] = label.split('.');
      return [label, extractQueueName(source), flowJobIds.extract(runId, source, rest.join('.'))];
    }),
    ['load', syncQueueName, flowJobIds.load(runId)],
    ['metrics', syncQueueName, flowJobIds.metrics(runId)],
    ['checks', syncQueueName, flowJobIds.checks(runId)],
    ['publish', syncQueueName, flowJobIds.publish(runId)],
  ];
  const lines = new Map<string, string>();
  for (const [label, queueName, jobId] of steps) {
    const job = await Job.fromId(runtime.queue(queueName), jobId);
    if (!job) continue;
    const state = await job.getState();
    const progress = progressSchema.safeParse(job.progress);
    const records =
      progress.success && progress.data.records !== undefined ? `, ${progress.data.records} records` : '';
    const retry = job.attemptsMade > 0 && state !== 'completed' ? ` (attempt ${job.attemptsMade + 1})` : '';
    const why = state === 'failed' ? `: ${job.failedReason}` : '';
    lines.set(label, `${label}: ${state}${records}${retry}${why}`);
  }
  return lines;
}

/**
 * Follows a run job until it ends, reporting each step's changes through `report`. Polls (QueueEvents are
 * best effort and can miss events); a Redis outage just makes a poll wait for the reconnection.
 */
export async function followRun(
  runtime: QueueRuntime,
  jobId: string,
  report: (line: string) => void,
  options: { pollMs?: number; signal?: AbortSignal } = {},
): Promise<RunEnd> {
  const queue = runtime.queue(syncQueueName);
  const seen = new Map<string, string>();
  for (;;) {
    const job = await Job.fromId(queue, jobId);
    if (!job) {
      return {
        state: 'gone',
        reason: `run job ${jobId} is no longer in Redis (Redis restarted without persistence, or the job was removed); run \`opsledger sync --queue\` again: it resumes from the last committed cursors`,
      };
    }
    const data = runDataSchema.safeParse(job.data);
    const runId = data.success ? (data.data.runId ?? null) : null;
    if (runId && data.success) {
      for (const [label, line] of await describeSteps(runtime, runId, data.data.streams ?? [])) {
        if (seen.get(label) !== line) report(line);
        seen.set(label, line);
      }
    }
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      // Read again: the job may have finished after it was fetched above, with its result not in that copy.
      const finished = await Job.fromId(queue, jobId);
      if (state === 'failed')
        return { state: 'failed', reason: finished?.failedReason || 'the run failed', runId };
      const summary = runSummarySchema.safeParse(finished?.returnvalue);
      if (summary.success) return { state: 'completed', summary: summary.data };
      return { state: 'failed', reason: `run job ${jobId} completed without a readable summary`, runId };
    }
    if (options.signal?.aborted) return { state: 'gone', reason: 'stopped following (the run goes on)' };
    await sleep(options.pollMs ?? 1000);
  }
}
