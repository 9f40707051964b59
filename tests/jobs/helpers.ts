import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';
import { stringify } from 'yaml';
import {
  enqueueRun,
  followRun,
  QueueRuntime,
  queueNames,
  type RunEnd,
  type RunRequest,
  startWorkerProcess,
  type WorkerProcess,
} from '../../jobs/index.ts';
import type { Config } from '../../src/config/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { openPublished, warehousePaths } from '../../src/warehouse/publish.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import { openWarehouse, pagerDutyDataTables, sandboxConfig, snapshotTables } from '../helpers/world.ts';

export const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Raw tables and marts: what a run loads (lineage columns left out when comparing two runs). */
export const contentTables = pagerDutyDataTables;
export const lineageColumns = ['sync_run_id', 'updated_at', 'first_rejected_at'];

export async function snapshot(warehouse: Warehouse, tables = contentTables, exclude = lineageColumns) {
  return snapshotTables(warehouse, tables, exclude);
}

/** A fresh directory (warehouse, work file, spool) and a fresh queue prefix: tests never share queues. */
export function jobsConfig(
  sandbox: Sandbox,
  jobs: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Config {
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-jobs-'));
  return sandboxConfig(sandbox, join(dir, 'warehouse.duckdb'), {
    redisUrl: redisUrl(),
    progressIntervalMs: 0,
    // Page-sized batches: a run has many, so a test can stop a worker in the middle of a stream.
    loadBatchRecords: 100,
    // Five months of the small sandbox: every stream has several pages, and a run takes seconds.
    pagerduty: { apiUrl: sandbox.pagerduty.apiUrl, token: sandbox.pagerduty.token, historyDays: 150 },
    jobs: { prefix: `test-${randomUUID()}`, backoffMs: 50, attempts: 3, ...jobs },
    ...extra,
  });
}

/** The same sandbox synced in-process into a fresh warehouse: what every queued run must equal. */
export async function cleanSnapshot(sandbox: Sandbox, config: Config, tables = contentTables) {
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-clean-'));
  const path = join(dir, 'clean.duckdb');
  const warehouse = await openWarehouse(path);
  try {
    const result = await runSync({
      config: { ...config, warehouse: path },
      log: silentLogger,
      warehouse,
      now: sandbox.clock.now(),
    });
    return { result, tables: await snapshot(warehouse, tables) };
  } finally {
    warehouse.close();
  }
}

export async function publishedSnapshot(config: Config, tables = contentTables) {
  const warehouse = await openPublished(warehousePaths(config));
  try {
    return await snapshot(warehouse, tables);
  } finally {
    warehouse.close();
  }
}

/** Queued-run test bench: a runtime for the test itself, worker processes started in this process. */
export class JobsWorld {
  readonly runtime: QueueRuntime;
  readonly workers: WorkerProcess[] = [];

  constructor(readonly config: Config) {
    this.runtime = new QueueRuntime(config, silentLogger);
  }

  startWorker(
    name = `test-worker-${this.workers.length + 1}`,
    config = this.config,
    log = silentLogger,
  ): WorkerProcess {
    const worker = startWorkerProcess(config, log, { name });
    this.workers.push(worker);
    return worker;
  }

  /** Enqueues a run on the sandbox's clock (or, without a sandbox, the wall clock). */
  enqueue(sandbox?: Sandbox, request: Partial<RunRequest> = {}) {
    return enqueueRun(this.runtime, {
      trigger: 'test',
      ...(sandbox ? { now: sandbox.clock.now() } : {}),
      ...request,
    });
  }

  follow(jobId: string, lines: string[] = []): Promise<RunEnd> {
    return followRun(this.runtime, jobId, (line) => lines.push(line), { pollMs: 100 });
  }

  /** Stops the workers, removes every queue of the prefix and the prefix's own keys (locks, budgets). */
  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close(5000)));
    for (const name of queueNames()) await this.runtime.queue(name).obliterate({ force: true });
    await this.runtime.close();
    await removePrefix(this.config.redisUrl, this.runtime.prefix);
  }
}

/** Deletes every key under a test's prefix (what obliterate leaves: queue metadata, locks, budgets). */
export async function removePrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** The config as a YAML file (snake_case keys) for a worker started as its own process. */
export function writeConfigFile(config: Config, jobs: Record<string, unknown> = {}): string {
  const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const snakeKeys = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]))
      : value;
  const file = join(mkdtempSync(join(tmpdir(), 'opsledger-worker-config-')), 'opsledger.config.yaml');
  const settings = {
    warehouse: config.warehouse,
    redisUrl: config.redisUrl,
    progressIntervalMs: config.progressIntervalMs,
    loadBatchRecords: config.loadBatchRecords,
    logLevel: 'info',
    pagerduty: {
      apiUrl: config.pagerduty.apiUrl,
      token: config.pagerduty.token,
      historyDays: config.pagerduty.historyDays,
    },
    jobs: { ...config.jobs, ...jobs },
  };
  writeFileSync(file, stringify(snakeKeys(settings)));
  return file;
}

/** `opsledger worker` in its own process, as in production. */
export class WorkerChild {
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  readonly #child: ChildProcess;
  #watchers: Array<() => void> = [];

  constructor(configFile: string, args: string[] = []) {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(PAGERDUTY|JIRA|GITHUB|OPSLEDGER)_|^REDIS_URL$/.test(k)),
    );
    this.#child = spawn(process.execPath, ['bin/opsledger.js', '--config', configFile, 'worker', ...args], {
      env,
    });
    this.#child.stderr?.on('data', (d) => {
      this.stderr += d;
      for (const watch of this.#watchers) watch();
    });
    this.#child.stdout?.on('data', () => undefined);
    this.exited = new Promise((resolve) =>
      this.#child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // Whatever the test's outcome, no worker outlives it.
    onTestFinished(() => {
      if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    });
  }

  /** Resolves once stderr matches; `then` runs synchronously at that moment (e.g. to kill mid-job). */
  waitFor(test: (stderr: string) => boolean, then?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!test(this.stderr)) return;
        this.#watchers = this.#watchers.filter((w) => w !== check);
        then?.();
        resolve();
      };
      this.#watchers.push(check);
      this.exited.then(() => reject(new Error(`worker exited before expected output:\n${this.stderr}`)));
      check();
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}

export const progressLines = (stderr: string, stream: string) =>
  (stderr.match(new RegExp(`${stream.replace('.', '\\.')}: [\\d,]+ records so far`, 'g')) ?? []).length;

/** The run id the plan step gave a run job (it is planned as soon as a worker takes it). */
export async function runIdOf(world: JobsWorld, jobId: string): Promise<string> {
  for (;;) {
    const job = await Job.fromId(world.runtime.syncQueue, jobId);
    const runId: unknown = job?.data?.runId;
    if (typeof runId === 'string') return runId;
    await new Promise((r) => setTimeout(r, 50));
  }
}
