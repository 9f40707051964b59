/**
 * Queue benchmark: the foundation backfill (bench/backfill.ts: sandbox at scale large, no rate limit, four years
 * of history, in its own process) synced three ways into fresh warehouses, and published as `opsledger sync`
 * does: in-process, then through BullMQ with one worker process, then with two. Prints seconds, records/s and
 * the queue's overhead against in-process. Figures are printed, never asserted.
 *
 *   npm run bench:queue                     # ~110k incidents
 *   npm run bench:queue -- --scale medium   # quicker
 *
 * Needs Redis: REDIS_URL when it answers, else a redis-server started for the bench.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';
import { enqueueRun, followRun, QueueRuntime, queueNames, redisAnswers } from '../jobs/index.ts';
import { type Config, loadConfig } from '../src/config/index.ts';
import { createLogger, silentLogger } from '../src/logger.ts';
import { runSync } from '../src/pipeline/sync.ts';
import {
  closeWorkWarehouse,
  openWorkWarehouse,
  publishWarehouse,
  warehousePaths,
} from '../src/warehouse/publish.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const historyDays = 4 * 365;
const token = 'sandbox-pagerduty-token';

const argsSchema = z.object({
  mode: z.enum(['main', 'inprocess']).default('main'),
  scale: z.enum(['small', 'medium', 'large']).default('large'),
  url: z.string().optional(),
  dir: z.string().optional(),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) raw[(argv[i] ?? '').replace(/^--/, '')] = argv[i + 1] ?? '';
  return argsSchema.parse(raw);
}

interface PhaseResult {
  phase: string;
  records: number;
  requests: number;
  seconds: number;
  status: string;
}

/** The same settings for every phase: the sandbox, four years, and no request budget (the sandbox has no limit). */
function benchConfig(apiUrl: string, dir: string, redisUrl: string): Config {
  return loadConfig({
    env: {},
    dotenv: false,
    overrides: {
      warehouse: join(dir, 'bench.duckdb'),
      redisUrl,
      logLevel: 'warn',
      progressIntervalMs: 60_000,
      pagerduty: { apiUrl, token, historyDays },
      jobs: {
        prefix: `bench-${randomUUID()}`,
        rateLimits: { pagerduty: { perMinute: 10_000_000, share: 1 } },
      },
    },
  });
}

/** In-process, in its own process like the foundation bench: work file, then publish. */
async function inProcess(apiUrl: string, dir: string): Promise<PhaseResult> {
  const config = benchConfig(apiUrl, dir, 'redis://127.0.0.1:6379');
  const paths = warehousePaths(config);
  const started = performance.now();
  const warehouse = await openWorkWarehouse(paths);
  const result = await runSync({ config, log: createLogger('warn'), warehouse, full: true });
  await closeWorkWarehouse(warehouse);
  await publishWarehouse(paths);
  const records = result.outcomes.reduce((n, o) => n + o.records, 0);
  return {
    phase: 'in-process',
    records,
    requests: result.requests,
    seconds: (performance.now() - started) / 1000,
    status: result.status,
  };
}

function runInProcessPhase(url: string): Promise<PhaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-bench-queue-'));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/queue.ts', '--mode', 'inprocess', '--url', url, '--dir', dir],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      code === 0
        ? resolve(JSON.parse(out) as PhaseResult)
        : reject(new Error(`in-process phase exited with ${code}`));
    });
  });
}

function startWorker(configFile: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/opsledger.js', '--config', configFile, 'worker'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
      if (err.includes('under prefix')) resolve(child);
      if (/ failed \(attempt/.test(String(d))) process.stderr.write(d);
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

/** N worker processes (started before the clock runs), one queued full run, followed to its end. */
async function queued(url: string, redisUrl: string, workers: number): Promise<PhaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-bench-queue-'));
  const config = benchConfig(url, dir, redisUrl);
  const configFile = join(dir, 'opsledger.config.yaml');
  writeFileSync(
    configFile,
    stringify({
      warehouse: config.warehouse,
      redis_url: redisUrl,
      log_level: 'info',
      progress_interval_ms: 60_000,
      pagerduty: { api_url: url, token, history_days: historyDays },
      jobs: { prefix: config.jobs.prefix, rate_limits: { pagerduty: { per_minute: 10_000_000, share: 1 } } },
    }),
  );
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(configFile)));
  const runtime = new QueueRuntime(config, silentLogger);
  try {
    const started = performance.now();
    const { jobId } = await enqueueRun(runtime, { trigger: 'bench', full: true });
    const end = await followRun(runtime, jobId, () => undefined, { pollMs: 250 });
    const seconds = (performance.now() - started) / 1000;
    if (end.state !== 'completed') throw new Error(`queued run ${end.state}: ${end.reason}`);
    return {
      phase: `queued, ${workers} worker${workers === 1 ? '' : 's'}`,
      records: end.summary.outcomes.reduce((n, o) => n + o.records, 0),
      requests: end.summary.requests,
      seconds,
      status: end.summary.status,
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
    for (const name of queueNames()) await runtime.queue(name).obliterate({ force: true });
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function startSandboxProcess(scale: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/opsledger.js', 'sandbox', '--scale', scale, '--no-rate-limit'],
      {
        cwd: root,
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/pagerduty)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code} before it was ready`)));
  });
}

/** REDIS_URL when it answers; otherwise a redis-server of our own on a spare port. */
async function redisForBench(): Promise<{ url: string; stop(): void }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if ((await redisAnswers(url)) === null) return { url, stop: () => undefined };
  if (spawnSync('redis-server', ['--version']).status !== 0)
    throw new Error(`no Redis answers at ${url} and redis-server is not installed`);
  const port = 16_379;
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const own = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && (await redisAnswers(own, 200)) !== null; i++)
    await new Promise((r) => setTimeout(r, 100));
  return { url: own, stop: () => child.kill('SIGTERM') };
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'inprocess') {
    process.stdout.write(JSON.stringify(await inProcess(args.url ?? '', args.dir ?? '')));
    return;
  }
  const redis = await redisForBench();
  process.stderr.write(`starting sandbox (scale ${args.scale}, no rate limit); Redis ${redis.url}\n`);
  const { child, url } = await startSandboxProcess(args.scale);
  try {
    const results = [
      await runInProcessPhase(url),
      await queued(url, redis.url, 1),
      await queued(url, redis.url, 2),
    ];
    const base = results[0] as PhaseResult;
    console.table(
      results.map((r) => ({
        phase: r.phase,
        status: r.status,
        records: r.records,
        requests: r.requests,
        seconds: fmt.format(r.seconds),
        'records/s': fmt.format(r.records / r.seconds),
        'overhead vs in-process': r === base ? '' : `${fmt.format((r.seconds / base.seconds - 1) * 100)} %`,
      })),
    );
  } finally {
    child.kill('SIGTERM');
    redis.stop();
  }
}

await main();
