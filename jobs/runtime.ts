import { FlowProducer, type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config/index.ts';
import type { Logger } from '../src/logger.ts';
import { sourceAdapters } from '../src/pipeline/sources/index.ts';
import { connectRedis, withTimeout } from './redis.ts';

/** The queue of run-level jobs: trigger, run, and the single writer's load, metrics, checks and publish. */
export const syncQueueName = 'sync';

/** One queue per source API, so each has its own limiter across every worker. */
export const extractQueueName = (source: string) => `extract-${source}`;

/** Every queue of this installation: the sync queue and one extract queue per known source. */
export function queueNames(): string[] {
  return [syncQueueName, ...Object.keys(sourceAdapters).map(extractQueueName)];
}

/** Deterministic job ids, so a re-planned run finds its flow instead of adding a second one. */
export const flowJobIds = {
  extract: (runId: string, source: string, stream: string) => `${runId}.extract.${source}.${stream}`,
  load: (runId: string) => `${runId}.load`,
  metrics: (runId: string) => `${runId}.metrics`,
  checks: (runId: string) => `${runId}.checks`,
  publish: (runId: string) => `${runId}.publish`,
};

const hour = 3600;

/** Queues, the flow producer and the Redis connection of one process, under the configured prefix. */
export class QueueRuntime {
  readonly prefix: string;
  readonly connection: Redis;
  readonly #queues = new Map<string, Queue>();
  #flows: FlowProducer | undefined;

  constructor(
    readonly config: Config,
    readonly log: Logger,
    connection?: Redis,
  ) {
    this.prefix = config.jobs.prefix;
    this.connection = connection ?? connectRedis(config.redisUrl, log);
  }

  queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      queue.on('error', (error) => this.log.debug(`queue ${name}: ${error.message}`));
      this.#queues.set(name, queue);
    }
    return queue;
  }

  get syncQueue(): Queue {
    return this.queue(syncQueueName);
  }

  flowProducer(): FlowProducer {
    if (!this.#flows) {
      this.#flows = new FlowProducer({ connection: this.connection, prefix: this.prefix });
      this.#flows.on('error', (error) => this.log.debug(`flow producer: ${error.message}`));
    }
    return this.#flows;
  }

  /** Retries with exponential backoff and jitter; finished jobs kept for a while, never forever. */
  jobOptions(): JobsOptions {
    const jobs = this.config.jobs;
    return {
      attempts: jobs.attempts,
      backoff: { type: 'exponential', delay: jobs.backoffMs, jitter: 0.5 },
      removeOnComplete: { age: Math.round(jobs.keepCompletedHours * hour), count: jobs.keepJobs },
      removeOnFail: { age: Math.round(jobs.keepFailedHours * hour), count: jobs.keepJobs },
    };
  }

  /** Closes queues and connection; never hangs when Redis is gone. */
  async close(): Promise<void> {
    const closing = [...this.#queues.values()].map((q) => q.close());
    if (this.#flows) closing.push(this.#flows.close());
    await withTimeout(Promise.allSettled(closing), 2000, []);
    this.#queues.clear();
    this.#flows = undefined;
    this.connection.disconnect();
  }
}
