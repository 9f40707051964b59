import { Job, WaitingChildrenError } from 'bullmq';
import { z } from 'zod';
import type { SourceName } from '../connectors/stream.ts';
import { readCursor } from '../src/pipeline/load-batch.ts';
import { newRunId } from '../src/pipeline/run-record.ts';
import { beginRun, chooseSources } from '../src/pipeline/sync.ts';
import { checksResultSchema } from './checks.ts';
import { type JobContext, withWriter } from './context.ts';
import { jobError, parseJobData } from './errors.ts';
import { runIdSchema } from './extract.ts';
import { type RunPlan, runFlow } from './flow.ts';
import { loadResultSchema, outcomeSchema } from './load.ts';
import { publishResultSchema } from './publish.ts';
import { flowJobIds, syncQueueName } from './runtime.ts';
import { removeOtherSpools } from './spool.ts';

export const runJobName = 'run';

export const runDataSchema = z.object({
  /** Set by whoever added the job: tells a deduplicated add (another run was in progress) from a new one. */
  requestId: z.string().min(1),
  trigger: z.string().min(1),
  sources: z.array(z.string().min(1)).optional(),
  full: z.boolean().default(false),
  /** The run's clock; default: when it is planned. */
  now: z.iso.datetime({ message: 'expected an ISO-8601 UTC instant' }).optional(),
  /** Set by the plan step, kept so a re-planned run (its worker died) is the same run. */
  runId: runIdSchema.optional(),
  plannedAt: z.iso.datetime().optional(),
  phase: z.enum(['plan', 'wait']).default('plan'),
  /** `source.stream` of every extract job, once planned (for followers). */
  streams: z.array(z.string()).optional(),
});

export type RunData = z.infer<typeof runDataSchema>;

export const runSummarySchema = z.object({
  runId: z.string(),
  status: z.enum(['succeeded', 'partial', 'failed', 'skipped']),
  published: z.boolean(),
  outcomes: z.array(outcomeSchema),
  skipped: z.array(z.string()),
  requests: z.number(),
  durationMs: z.number(),
  checks: checksResultSchema.nullable(),
});

export type RunSummary = z.infer<typeof runSummarySchema>;

/** Reads cursors and ids to re-poll from the work warehouse and records the run's start, as the single writer. */
async function plan(
  ctx: JobContext,
  data: RunData,
  runId: string,
  now: Date,
  sources: SourceName[] | undefined,
) {
  const { chosen, skipped } = chooseSources(ctx.config, sources, ctx.log);
  if (chosen.length === 0) return { plan: null, skipped };
  const streams = await withWriter(ctx, `plan ${runId}`, async (warehouse) => {
    const started = await warehouse.one('SELECT 1 AS x FROM sync_runs WHERE sync_run_id = $id', {
      id: runId,
    });
    if (!started) {
      await removeOtherSpools(ctx.spoolRoot, runId);
      const names = chosen.map((s) => s.name);
      await beginRun(warehouse, {
        runId,
        now,
        full: data.full,
        sources: names,
        config: ctx.config,
        log: ctx.log,
      });
    }
    const planned: RunPlan['streams'] = [];
    for (const adapter of chosen) {
      const session = await adapter.open(ctx.config, ctx.log, now);
      for (const stream of session.streams) {
        const refreshIds = await adapter.refreshIds?.(warehouse, stream.name);
        planned.push({
          source: adapter.name,
          stream: stream.name,
          cursor: await readCursor(warehouse, adapter.name, stream.name),
          ...(refreshIds ? { refreshIds } : {}),
        });
      }
    }
    return planned;
  });
  return { plan: { runId, now: now.toISOString(), full: data.full, streams }, skipped };
}

async function summarise(ctx: JobContext, data: RunData, runId: string): Promise<RunSummary> {
  const queue = ctx.runtime.queue(syncQueueName);
  const resultOf = async <T extends z.ZodType>(schema: T, id: string): Promise<z.infer<T> | null> => {
    const parsed = schema.safeParse((await Job.fromId(queue, id))?.returnvalue);
    return parsed.success ? parsed.data : null;
  };
  const load = await resultOf(loadResultSchema, flowJobIds.load(runId));
  const checks = await resultOf(checksResultSchema, flowJobIds.checks(runId));
  const published = await resultOf(publishResultSchema, flowJobIds.publish(runId));
  return {
    runId,
    status: published?.status ?? 'failed',
    published: published?.published ?? false,
    outcomes: load?.outcomes ?? [],
    skipped: [],
    requests: load?.requests ?? 0,
    durationMs: data.plannedAt ? Date.now() - Date.parse(data.plannedAt) : 0,
    checks,
  };
}

/**
 * The run: plans (as the single writer: run recorded, cursors read), adds the run's flow (flow.ts) as its
 * children, waits for them without holding a worker (`moveToWaitingChildren`), then returns the run's summary.
 * It is the job that deduplication holds on, so a second trigger while it lives joins it instead of
 * starting a second run. Each phase is idempotent: a worker dying mid-plan re-plans the same run id and
 * finds its flow by job id.
 */
export async function processRun(job: Job, token: string | undefined, ctx: JobContext): Promise<RunSummary> {
  let data = parseJobData(runDataSchema, job.data, 'run');
  const now = data.now ? new Date(data.now) : new Date();
  const runId = data.runId ?? newRunId(now);
  if (data.phase === 'plan') {
    data = { ...data, runId, now: now.toISOString(), plannedAt: data.plannedAt ?? new Date().toISOString() };
    await job.updateData(data);
    let planned: Awaited<ReturnType<typeof plan>>;
    try {
      planned = await plan(ctx, data, runId, now, data.sources as SourceName[] | undefined);
    } catch (error) {
      throw jobError(error);
    }
    if (!planned.plan) {
      for (const line of planned.skipped) ctx.log.warn(line);
      return {
        runId,
        status: 'skipped',
        published: false,
        outcomes: [],
        skipped: planned.skipped,
        requests: 0,
        durationMs: 0,
        checks: null,
      };
    }
    const existing = await Job.fromId(ctx.runtime.queue(syncQueueName), flowJobIds.publish(runId));
    if (!existing) {
      const parent = { id: job.id ?? '', queue: job.queueQualifiedName };
      await ctx.runtime.flowProducer().add(runFlow(planned.plan, parent, ctx.runtime.jobOptions()));
    }
    data = { ...data, phase: 'wait', streams: planned.plan.streams.map((s) => `${s.source}.${s.stream}`) };
    await job.updateData(data);
    ctx.log.info(
      `run ${runId} planned: ${data.streams?.length ?? 0} extract jobs, then load, metrics, checks, publish`,
    );
  }
  if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
  const summary = await summarise(ctx, data, runId);
  ctx.log.info(`run ${runId} ended ${summary.status}${summary.published ? ', published' : ''}`);
  return summary;
}
