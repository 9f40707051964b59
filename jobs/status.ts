import { Job } from 'bullmq';
import { runDeduplicationId } from './enqueue.ts';
import { runDataSchema, runJobName, runSummarySchema } from './run.ts';
import { type QueueRuntime, queueNames } from './runtime.ts';
import { listSchedules, type ScheduleInfo } from './schedule.ts';

export interface QueueStatus {
  schedules: ScheduleInfo[];
  /** The run queued or in progress (the one a new trigger would join), if any. */
  current: { jobId: string; state: string; runId: string | null; trigger: string | null } | null;
  /** Last finished run jobs, newest first: outcome as the queue saw it. */
  recent: Array<{
    jobId: string;
    runId: string | null;
    state: string;
    status: string;
    published: boolean;
    finishedAt: string | null;
    reason: string | null;
  }>;
  counts: Record<string, Record<string, number>>;
}

/** What Redis knows: the schedule and its next run, the run in progress, recent run jobs, jobs per queue. */
export async function queueStatus(runtime: QueueRuntime, recent = 5): Promise<QueueStatus> {
  const queue = runtime.syncQueue;
  const schedules = await listSchedules(runtime);
  let current: QueueStatus['current'] = null;
  const currentId = await queue.getDeduplicationJobId(runDeduplicationId);
  const currentJob = currentId ? await Job.fromId(queue, currentId) : undefined;
  if (currentJob?.id) {
    const state = await currentJob.getState();
    if (state !== 'completed' && state !== 'failed') {
      const data = runDataSchema.safeParse(currentJob.data);
      current = {
        jobId: currentJob.id,
        state,
        runId: data.success ? (data.data.runId ?? null) : null,
        trigger: data.success ? data.data.trigger : null,
      };
    }
  }
  const finished = (await queue.getJobs(['completed', 'failed'], 0, 200, false))
    .filter((j) => j.name === runJobName)
    .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
    .slice(0, recent);
  const recentRuns = await Promise.all(
    finished.map(async (job) => {
      const state = await job.getState();
      const summary = runSummarySchema.safeParse(job.returnvalue);
      const data = runDataSchema.safeParse(job.data);
      return {
        jobId: job.id ?? '',
        runId: summary.success ? summary.data.runId : data.success ? (data.data.runId ?? null) : null,
        state,
        status: summary.success ? summary.data.status : 'failed',
        published: summary.success ? summary.data.published : false,
        finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        reason: state === 'failed' ? job.failedReason : null,
      };
    }),
  );
  const counts: QueueStatus['counts'] = {};
  for (const name of queueNames()) {
    counts[name] = await runtime
      .queue(name)
      .getJobCounts('waiting', 'active', 'delayed', 'waiting-children', 'completed', 'failed');
  }
  return { schedules, current, recent: recentRuns, counts };
}
