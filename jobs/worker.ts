import { hostname } from 'node:os';
import { type Job, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config/index.ts';
import type { Logger } from '../src/logger.ts';
import { sourceAdapters } from '../src/pipeline/sources/index.ts';
import { warehousePaths } from '../src/warehouse/publish.ts';
import { checksJobName, processChecks } from './checks.ts';
import type { JobContext } from './context.ts';
import { processExtract } from './extract.ts';
import { loadJobName, processLoad } from './load.ts';
import { metricsJobName, processMetrics, runStepDataSchema } from './metrics.ts';
import { markRunFailed, processPublish, publishJobName } from './publish.ts';
import { requestsPerMinute } from './rate-budget.ts';
import { withTimeout } from './redis.ts';
import { processRun, runJobName } from './run.ts';
import { extractQueueName, QueueRuntime, syncQueueName } from './runtime.ts';
import { spoolRoot } from './spool.ts';
import { processTrigger, triggerJobName } from './trigger.ts';

export interface WorkerProcessOptions {
  /** Extract jobs per source queue at once (default: jobs.concurrency). */
  concurrency?: number;
  /** An existing connection (tests); default: a new one to REDIS_URL. */
  connection?: Redis;
  /** Shown in Bull Board as the job's `processedBy`. */
  name?: string;
  /**
   * Only the source queues: for machines that extract but do not hold the warehouse (they share the spool
   * directory with the machine whose workers take the sync queue).
   */
  extractOnly?: boolean;
}

export interface WorkerProcess {
  name: string;
  runtime: QueueRuntime;
  workers: Worker[];
  /**
   * Stops taking jobs and lets the jobs in hand finish for `graceMs`; then extract jobs are handed back to
   * their queue (another worker starts them over, no attempt spent) and writer jobs are left to BullMQ's
   * stalled-job recovery. Resolves `clean` when every job in hand finished or was handed back.
   */
  close(graceMs?: number): Promise<'clean' | 'timed-out'>;
}

/** The writer's steps after planning: when one fails for good, the run is recorded as failed. */
const writerSteps: Record<string, (job: Job, ctx: JobContext) => Promise<unknown>> = {
  [loadJobName]: processLoad,
  [metricsJobName]: processMetrics,
  [checksJobName]: processChecks,
  [publishJobName]: processPublish,
};

const isFinalAttempt = (job: Job, error: unknown) =>
  error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Dispatches the sync queue's jobs by name: one queue, concurrency 1, for everything that writes. */
function syncProcessor(ctx: JobContext) {
  return async (job: Job, token?: string): Promise<unknown> => {
    if (job.name === triggerJobName) return processTrigger(job, ctx);
    if (job.name === runJobName) return processRun(job, token, ctx);
    const step = writerSteps[job.name];
    if (!step) throw new UnrecoverableError(`no job named ${job.name} on the ${syncQueueName} queue`);
    try {
      return await step(job, ctx);
    } catch (error) {
      const runId = runStepDataSchema.safeParse(job.data);
      if (runId.success && isFinalAttempt(job, error)) {
        const reason = `${job.name} step: ${error instanceof Error ? error.message : String(error)}`;
        await markRunFailed(ctx, runId.data.runId, reason).catch((e: unknown) =>
          ctx.log.warn(`could not record run ${runId.data.runId} as failed: ${(e as Error).message}`),
        );
      }
      throw error;
    }
  };
}

function describeJob(job: Job | undefined): string {
  if (!job) return 'a job';
  return `${job.queueName}/${job.name} ${job.id ?? ''}`.trim();
}

/**
 * One worker process: a worker on the sync queue (concurrency 1: plans and the single writer's steps) and one
 * per source's extract queue, with that source's limiter. Any number of these may run, on any machines that
 * share Redis and the warehouse directory.
 */
export function startWorkerProcess(
  config: Config,
  log: Logger,
  options: WorkerProcessOptions = {},
): WorkerProcess {
  const runtime = new QueueRuntime(config, log, options.connection);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const handBack = new AbortController();
  const extractWorkers = new Map<string, Worker>();
  const ctx: JobContext = {
    config,
    log,
    runtime,
    paths: warehousePaths(config),
    spoolRoot: spoolRoot(config),
    handBack: handBack.signal,
    rateLimit: async (source, ms) => {
      log.warn(
        `${source}: the API is still answering 429; pausing its queue for every worker for ${Math.ceil(ms / 1000)} s`,
      );
      await extractWorkers.get(source)?.rateLimit(ms);
    },
  };
  const jobs = config.jobs;
  const common: WorkerOptions = {
    connection: runtime.connection,
    prefix: runtime.prefix,
    name,
    lockDuration: jobs.lockDurationMs,
    stalledInterval: jobs.stalledIntervalMs,
    maxStalledCount: jobs.maxStalledCount,
  };
  const workers: Worker[] = options.extractOnly
    ? []
    : [new Worker(syncQueueName, syncProcessor(ctx), { ...common, concurrency: 1 })];
  for (const source of Object.keys(sourceAdapters)) {
    const perMinute = requestsPerMinute(config, source);
    const worker = new Worker(
      extractQueueName(source),
      (job: Job, token?: string, signal?: AbortSignal) => processExtract(job, token, ctx, signal),
      {
        ...common,
        concurrency: options.concurrency ?? jobs.concurrency,
        // BullMQ's limiter counts jobs started (each sends at least one request); the request budget in
        // rate-budget.ts holds the request rate itself.
        ...(perMinute ? { limiter: { max: perMinute, duration: 60_000 } } : {}),
      },
    );
    extractWorkers.set(source, worker);
    workers.push(worker);
  }
  let errorLogged = false;
  for (const worker of workers) {
    worker.on('failed', (job, error) => {
      const attempts = job?.opts.attempts ?? 1;
      const final = error instanceof UnrecoverableError || (job?.attemptsMade ?? 0) >= attempts;
      log.warn(
        `${describeJob(job)} failed (attempt ${job?.attemptsMade ?? '?'} of ${attempts})${final ? '' : ', will be retried'}: ${error.message}`,
      );
    });
    worker.on('stalled', (jobId) =>
      log.warn(`${worker.name}/${jobId} stalled (its worker stopped answering); it is queued again`),
    );
    worker.on('error', (error) => {
      // Connection errors repeat every retry while Redis is away; the connection logs the outage once.
      if (!errorLogged) log.debug(`worker ${worker.name}: ${error.message}`);
      errorLogged = true;
    });
  }
  log.info(
    `worker ${name}: queues ${workers.map((w) => w.name).join(', ')} under prefix ${runtime.prefix} (extract concurrency ${options.concurrency ?? jobs.concurrency})`,
  );

  let closing: Promise<'clean' | 'timed-out'> | undefined;
  const close = (graceMs = jobs.shutdownGraceMs) => {
    closing ??= (async () => {
      const finished = Promise.all(workers.map((w) => w.close())).then(() => true);
      let clean = await withTimeout(finished, graceMs, false);
      if (!clean) {
        handBack.abort();
        clean = await withTimeout(finished, 10_000, false);
      }
      await runtime.close();
      return clean ? 'clean' : 'timed-out';
    })();
    return closing;
  };
  return { name, runtime, workers, close };
}
