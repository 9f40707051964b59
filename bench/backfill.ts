/**
 * Backfill benchmark: the sandbox (large scale, no rate limit) runs in its own process; then, each in a fresh
 * process so peak RSS is its own, (1) a fetch-and-parse-only baseline reads the incident and log-entry
 * streams through the same connector and drops the records, and (2) the full pipeline syncs the same
 * pages into a new DuckDB warehouse and builds the marts. Prints records/s, requests and peak RSS of both.
 * Both phases run in turn for several rounds against one sandbox, and the ratio reported is the median of the
 * rounds' ratios: on a shared two-core machine the same phase varies by ±10 % from one run to the next.
 *
 *   npm run bench                    # ~110k incidents (sandbox scale large), 3 rounds
 *   npm run bench -- --rounds 1      # one round
 *   npm run bench -- --scale medium  # quicker
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createPagerDutyClient, createPagerDutyStreams } from '../connectors/pagerduty/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { createLogger, silentLogger } from '../src/logger.ts';
import { openWarehouse, runSync } from '../src/pipeline/sync.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const day = 86_400_000;
const historyDays = 4 * 365;

/** DuckDB's memory_limit for the pipeline phase (OPSLEDGER_MEMORY_LIMIT / memory_limit for a user's sync). */
const memoryLimit = '128MB';

/** The node flags the CLI runs with (its shebang line), so that both phases run as `opsledger sync` would. */
const cliNodeFlags = (() => {
  const shebang = readFileSync(join(root, 'bin/opsledger.js'), 'utf8').split('\n', 1)[0] ?? '';
  return (/^#!\S*env -S node(.*)$/.exec(shebang)?.[1] ?? '').split(' ').filter(Boolean);
})();

const argsSchema = z.object({
  mode: z.enum(['main', 'baseline', 'pipeline']).default('main'),
  scale: z.enum(['small', 'medium', 'large']).default('large'),
  url: z.string().optional(),
  token: z.string().optional(),
  /** Rounds of baseline then pipeline; the ratio reported is their median (one round varies by ±10 % here). */
  rounds: z.coerce.number().int().min(1).max(20).default(3),
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
  peakRssMb: number;
  /** CPU time of the phase's process, all threads (DuckDB's and V8's included): above `seconds` means it used more than one core. */
  cpuSeconds: number;
  /** Where the pipeline's time went: each stream's extract-and-load, then the marts and views. */
  steps?: { step: string; records: number; seconds: number }[];
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/**
 * Reads page after page. The pipeline requests the next page while it loads one (src/pipeline/prefetch.ts); the
 * baseline was no faster that way (28.7/28.9 s against 27.6/28.0 s), so it keeps the plain loop, its best time.
 */
async function baseline(apiUrl: string, token: string): Promise<PhaseResult> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const now = new Date();
  const client = createPagerDutyClient({ apiUrl, token, log: silentLogger });
  const streams = createPagerDutyStreams(client, { startDate: new Date(now.getTime() - historyDays * day) });
  let records = 0;
  for (const stream of streams) {
    for await (const batch of stream.read({ cursor: null, now, log: silentLogger }))
      records += batch.records.length;
  }
  return {
    phase: 'fetch+parse only',
    records,
    requests: client.requestCount(),
    seconds: (performance.now() - started) / 1000,
    peakRssMb: peakRssMb(),
    cpuSeconds: cpuSeconds(cpuStart),
  };
}

async function pipeline(apiUrl: string, token: string): Promise<PhaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-bench-'));
  const path = join(dir, 'bench.duckdb');
  const config = loadConfig({
    env: {},
    dotenv: false,
    overrides: { warehouse: path, pagerduty: { apiUrl, token, historyDays }, progressIntervalMs: 10_000 },
  });
  const warehouse = await openWarehouse(path, { memoryLimit });
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const result = await runSync({ config, log: createLogger('warn'), warehouse, full: true });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(cpuStart);
  const [row] = await warehouse.all<{ incidents: number; events: number }>(
    'SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM incident_events) AS events',
  );
  const streams = await warehouse.all<{ step: string; records: number; seconds: number }>(
    `SELECT source || '.' || stream AS step, records,
            round(epoch(finished_at) - epoch(started_at), 1) AS seconds
     FROM sync_run_streams WHERE sync_run_id = $run ORDER BY started_at`,
    { run: result.runId },
  );
  const loaded = streams.reduce((n, s) => n + s.seconds, 0);
  const steps = [...streams, { step: 'marts and views', records: 0, seconds: Math.max(0, seconds - loaded) }];
  warehouse.close();
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(
    `pipeline: ${row?.incidents} incidents, ${row?.events} events in the warehouse, status ${result.status}\n`,
  );
  const records = result.outcomes.reduce((n, o) => n + o.records, 0);
  return {
    phase: 'full pipeline',
    records,
    requests: result.requests,
    seconds,
    peakRssMb: peakRssMb(),
    cpuSeconds: cpu,
    steps,
  };
}

function startSandboxProcess(scale: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/opsledger.js', 'sandbox', '--scale', scale, '--no-rate-limit'],
      { cwd: root },
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

function runPhase(mode: 'baseline' | 'pipeline', url: string, token: string): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...cliNodeFlags,
        '--import',
        'tsx',
        'bench/backfill.ts',
        '--mode',
        mode,
        '--url',
        url,
        '--token',
        token,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as PhaseResult) : reject(new Error(`${mode} exited with ${code}`)),
    );
  });
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One row per step, one column per round. */
function pipelineSteps(results: PhaseResult[]): Record<string, string | number>[] {
  const steps = results[0]?.steps ?? [];
  return steps.map((step, i) => {
    const row: Record<string, string | number> = { step: step.step, records: step.records };
    results.forEach((r, round) => {
      row[`round ${round + 1}`] = fmt.format(r.steps?.[i]?.seconds ?? 0);
    });
    return row;
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode !== 'main') {
    const result =
      args.mode === 'baseline'
        ? await baseline(args.url!, args.token!)
        : await pipeline(args.url!, args.token!);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  process.stderr.write(`starting sandbox (scale ${args.scale}, no rate limit)...\n`);
  process.stderr.write(
    `both phases run with node ${cliNodeFlags.join(' ')}; DuckDB memory_limit ${memoryLimit}\n`,
  );
  const { child, url } = await startSandboxProcess(args.scale);
  const token = 'sandbox-pagerduty-token';
  try {
    const rounds: { base: PhaseResult; full: PhaseResult; ratio: number }[] = [];
    for (let round = 1; round <= args.rounds; round++) {
      process.stderr.write(`round ${round} of ${args.rounds}: baseline, then pipeline...\n`);
      const base = await runPhase('baseline', url, token);
      const full = await runPhase('pipeline', url, token);
      rounds.push({ base, full, ratio: full.records / full.seconds / (base.records / base.seconds) });
    }
    console.table(
      rounds.flatMap(({ base, full }, i) =>
        [base, full].map((r) => ({
          round: i + 1,
          phase: r.phase,
          records: r.records,
          requests: r.requests,
          seconds: fmt.format(r.seconds),
          'records/s': fmt.format(r.records / r.seconds),
          'peak RSS MB': r.peakRssMb,
          'CPU s': fmt.format(r.cpuSeconds),
        })),
      ),
    );
    console.log('where the pipeline spent its time (seconds, by round):');
    console.table(pipelineSteps(rounds.map((r) => r.full)));
    const ratios = rounds.map((r) => r.ratio);
    const peakRss = Math.max(...rounds.map((r) => r.full.peakRssMb));
    console.log(
      `throughput ratio pipeline / baseline: ${median(ratios).toFixed(2)} (median of ${ratios.length} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; target >= 0.5)`,
    );
    console.log(`pipeline peak RSS: ${peakRss} MB (highest of the rounds; target < 400 MB)`);
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
