import type { FlowJob, FlowJobNode, JobsOptions, ParentOptions } from 'bullmq';
import { checksJobName } from './checks.ts';
import type { ExtractData } from './extract.ts';
import { extractJobName } from './extract.ts';
import { loadJobName } from './load.ts';
import { metricsJobName } from './metrics.ts';
import { publishJobName } from './publish.ts';
import { extractQueueName, flowJobIds, syncQueueName } from './runtime.ts';

/** What the plan step decided for a run: every stream of every chosen source, with where it starts. */
export interface RunPlan {
  runId: string;
  now: string;
  full: boolean;
  streams: Array<{ source: string; stream: string; cursor: string | null; refreshIds?: string[] }>;
}

/**
 * One run as one BullMQ flow (children run before their parent):
 *
 *   publish ← checks ← metrics ← load ← [extract per source stream, on the source's own queue]
 *
 * An extract child that fails for good does not block the run (`ignoreDependencyOnFailure`): its stream is
 * recorded as failed and the others load, as in-process. Each later step fails its parent when it fails for
 * good (`failParentOnFailure`), so nothing waits forever and nothing is published after a failed step. Every
 * job has its own attempts: a failed Jira extract is retried alone, PagerDuty's are not read again.
 */
export function runFlow(plan: RunPlan, parent: ParentOptions, options: JobsOptions): FlowJob {
  const { runId } = plan;
  const extracts: FlowJobNode[] = plan.streams.map((s) => {
    const data: ExtractData = {
      runId,
      source: s.source,
      stream: s.stream,
      now: plan.now,
      full: plan.full,
      cursor: s.cursor,
      ...(s.refreshIds ? { refreshIds: s.refreshIds } : {}),
    };
    return {
      name: extractJobName,
      queueName: extractQueueName(s.source),
      data,
      opts: {
        ...options,
        jobId: flowJobIds.extract(runId, s.source, s.stream),
        ignoreDependencyOnFailure: true,
      },
    };
  });
  const step = (name: string, jobId: string, data: object, children: FlowJobNode[]): FlowJobNode => ({
    name,
    queueName: syncQueueName,
    data,
    opts: { ...options, jobId, failParentOnFailure: true },
    children,
  });
  const loadData = {
    runId,
    now: plan.now,
    streams: plan.streams.map(({ source, stream, cursor }) => ({ source, stream, cursor })),
  };
  const load = step(loadJobName, flowJobIds.load(runId), loadData, extracts);
  const metrics = step(metricsJobName, flowJobIds.metrics(runId), { runId }, [load]);
  const checks = step(checksJobName, flowJobIds.checks(runId), { runId }, [metrics]);
  return {
    name: publishJobName,
    queueName: syncQueueName,
    data: { runId },
    opts: { ...options, jobId: flowJobIds.publish(runId), failParentOnFailure: true, parent },
    children: [checks],
  };
}
