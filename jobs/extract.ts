import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { z } from 'zod';
import { ConfigError, TransientApiError } from '../src/errors/index.ts';
import { pullStream } from '../src/pipeline/extract-stream.ts';
import { sourceAdapters } from '../src/pipeline/sources/index.ts';
import type { JobContext } from './context.ts';
import { jobError, parseJobData } from './errors.ts';
import { RateBudget, requestsPerMinute } from './rate-budget.ts';
import { SpoolWriter, streamSpoolDir } from './spool.ts';

export const extractJobName = 'extract';

export const runIdSchema = z
  .string()
  .regex(/^\d{8}T\d{6}Z-[0-9a-f]+$/, { message: 'expected a run id such as 20261015T120000Z-1a2b3c' });

/** One stream of one source for one run: where to start (cursor, ids to re-poll), never the records. */
export const extractDataSchema = z.object({
  runId: runIdSchema,
  source: z.string().min(1),
  stream: z.string().min(1),
  /** The run's clock: reads never ask for data after it, and it stamps every row. */
  now: z.iso.datetime({ message: 'expected an ISO-8601 UTC instant' }),
  full: z.boolean(),
  cursor: z.string().nullable(),
  refreshIds: z.array(z.string()).optional(),
});

export type ExtractData = z.infer<typeof extractDataSchema>;

export const extractResultSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  records: z.number(),
  rejects: z.number(),
  cursorAfter: z.string().nullable(),
  requests: z.number(),
  waitedMs: z.number(),
});

export type ExtractResult = z.infer<typeof extractResultSchema>;

/** Aborts when the worker hands its jobs back or BullMQ cancels this job. */
function linkedAbort(...signals: Array<AbortSignal | undefined>): AbortController {
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
  }
  return controller;
}

/**
 * Reads one stream through the source's SDK (the same `pullStream` the in-process sync uses) and spools the
 * validated batches for the single writer. Charges the source's shared request budget as it goes. A failed
 * read is retried (the next attempt starts again from the job's cursor); bad credentials or configuration
 * are not; a 429 that outlasted the SDK's own retries pauses the source's queue for every worker.
 */
export async function processExtract(
  job: Job,
  token: string | undefined,
  ctx: JobContext,
  signal?: AbortSignal,
): Promise<ExtractResult> {
  const data = parseJobData(extractDataSchema, job.data, 'extract');
  const label = `${data.source}.${data.stream}`;
  const adapter = sourceAdapters[data.source];
  if (!adapter)
    throw new UnrecoverableError(`extract ${label}: no source named ${data.source} in this version`);
  const reason = adapter.skipReason(ctx.config);
  if (reason) throw jobError(new ConfigError(`${reason} (on the worker that ran ${label})`));
  const now = new Date(data.now);
  let session: Awaited<ReturnType<typeof adapter.open>>;
  try {
    session = await adapter.open(ctx.config, ctx.log, now);
  } catch (error) {
    throw jobError(error);
  }
  const stream = session.streams.find((s) => s.name === data.stream);
  if (!stream) throw new UnrecoverableError(`extract ${label}: ${data.source} has no stream ${data.stream}`);

  const perMinute = requestsPerMinute(ctx.config, data.source);
  const budget = perMinute
    ? new RateBudget(ctx.runtime.connection, `${ctx.runtime.prefix}:rate-budget:${data.source}`, perMinute)
    : null;
  const abort = linkedAbort(ctx.handBack, signal);
  const spool = await SpoolWriter.create(streamSpoolDir(ctx.spoolRoot, data.runId, data.source, data.stream));
  const startedAt = new Date().toISOString();
  let records = 0;
  let rejects = 0;
  let charged = 1;
  let waitedMs = (await budget?.take(1, abort.signal)) ?? 0;
  let lastProgress = 0;

  const result = await pullStream(stream, {
    runId: data.runId,
    now,
    full: data.full,
    log: ctx.log,
    refreshIds: data.refreshIds,
    signal: abort.signal,
    progressEveryMs: ctx.config.progressIntervalMs,
    cursorBefore: data.cursor,
    sink: async (batch) => {
      await spool.write(batch, (r) => stream.primaryKey(r));
      records += batch.records.length;
      rejects += batch.rejects.length;
      if (Date.now() - lastProgress >= 1000) {
        lastProgress = Date.now();
        // Not awaited: a Redis outage must not stall the read, and progress is only for people watching.
        job.updateProgress({ records, rejects, batches: spool.batches }).catch(() => undefined);
      }
      if (budget) {
        // Pay for what the SDK really sent, and reserve the next page's request before it is sent.
        const sent = session.requestCount();
        waitedMs += await budget.take(sent - charged + 1, abort.signal);
        charged = sent + 1;
      }
    },
  });

  if (ctx.handBack.aborted && result.outcome.status === 'failed') {
    // The worker is stopping: give the job back untouched (no attempt spent); another worker starts it over.
    await spool.abandon();
    if (token) await job.moveToWait(token);
    throw new WaitingError();
  }
  const { outcome } = result;
  const status = outcome.status === 'succeeded' ? 'succeeded' : 'failed';
  await spool.finish({
    status,
    records,
    rejects,
    cursorBefore: data.cursor,
    cursorAfter: outcome.cursorAfter,
    requests: session.requestCount(),
    startedAt,
    finishedAt: new Date().toISOString(),
    error: outcome.error,
  });
  await job.updateProgress({ records, rejects, batches: spool.batches }).catch(() => undefined);
  ctx.log.info(`  ${label}: ${records} records, ${rejects} rejected, ${status} (run ${data.runId})`);
  if (status === 'failed') {
    const error = result.error;
    if (error instanceof TransientApiError && error.status === 429) {
      await ctx.rateLimit(data.source, error.retryAfterMs ?? 60_000);
      throw Worker.RateLimitError();
    }
    throw jobError(error);
  }
  return {
    status,
    records,
    rejects,
    cursorAfter: outcome.cursorAfter,
    requests: session.requestCount(),
    waitedMs,
  };
}
