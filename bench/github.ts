/**
 * GitHub backfill benchmark: 20 repositories × 5,000 deployments with their statuses + 20,000 pull requests
 * (the sandbox, no rate limit, runs in this process). Each phase runs in a fresh process so its peak RSS is
 * its own: (1) a first sync into a new warehouse (PagerDuty first, untimed, so deploys map to services),
 * (2) a second sync with nothing changed. Prints records/s, requests made against the minimum possible
 * (one request per page of 100 and one per deployment for its statuses), 304s, and peak RSS.
 *
 *   npm run bench:github
 *   npm run bench:github -- --repos 20 --deploys 500 --pulls 2000   # quicker
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../src/config/index.ts';
import { createLogger } from '../src/logger.ts';
import { openWarehouse, runSync } from '../src/pipeline/sync.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import type { Warehouse } from '../src/warehouse/warehouse.ts';
import { flagPairs, runChild } from './child.ts';

const argsSchema = z.object({
  mode: z.enum(['main', 'sync']).default('main'),
  repos: z.coerce.number().int().positive().default(20),
  deploys: z.coerce.number().int().positive().default(5000),
  pulls: z.coerce.number().int().nonnegative().default(20_000),
  warehouse: z.string().optional(),
  settings: z.string().optional(),
  pagerduty: z.coerce.boolean().default(false),
});

function parseArgs(argv: string[]) {
  return argsSchema.parse(flagPairs(argv));
}

const settingsSchema = z.object({
  pagerduty: z.object({ apiUrl: z.string(), token: z.string() }),
  github: z.object({
    apiUrl: z.string(),
    token: z.string(),
    org: z.string(),
    repositories: z.array(
      z.object({ name: z.string(), deployKind: z.enum(['deployments', 'releases', 'merges']) }),
    ),
  }),
});

interface PhaseResult {
  records: number;
  requests: number;
  minimum: number;
  seconds: number;
  peakRssMb: number;
  status: string;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Requests a full read cannot do without: a page per 100 records of each list (at least one), one per deployment. */
async function minimumRequests(warehouse: Warehouse): Promise<number> {
  const [row] = await warehouse.all<{ n: number }>(
    `WITH pages AS (
       SELECT regexp_extract(payload ->> 'url', '/repos/([^/]+/[^/]+)/', 1) AS repo, 'milestones' AS list FROM raw_github__milestones
       UNION ALL SELECT regexp_extract(payload ->> 'url', '/repos/([^/]+/[^/]+)/', 1), 'deployments' FROM raw_github__deployments
       UNION ALL SELECT regexp_extract(payload ->> 'url', '/repos/([^/]+/[^/]+)/', 1), 'releases' FROM raw_github__releases
       UNION ALL SELECT regexp_extract(payload ->> 'url', '/repos/([^/]+/[^/]+)/', 1), 'pulls' FROM raw_github__pulls
       UNION ALL SELECT regexp_extract(payload ->> 'url', '/repos/([^/]+/[^/]+)/', 1), 'issues' FROM raw_github__issues
     ),
     kinds AS (SELECT repo, deploy_kind FROM stg_github__repositories),
     lists AS (
       SELECT k.repo, l.list FROM kinds AS k, (VALUES ('milestones'), ('pulls'), ('issues')) AS l(list)
       UNION ALL SELECT repo, CASE deploy_kind WHEN 'releases' THEN 'releases' ELSE 'deployments' END FROM kinds WHERE deploy_kind <> 'merges'
     ),
     counts AS (SELECT repo, list, count(*) AS n FROM pages GROUP BY ALL)
     SELECT CAST(
       (SELECT ceil(count(*) / 100) FROM kinds)
       + (SELECT sum(greatest(1, ceil(coalesce(c.n, 0) / 100))) FROM lists AS l LEFT JOIN counts AS c USING (repo, list))
       + (SELECT count(*) FROM raw_github__deployment_statuses) AS BIGINT) AS n`,
  );
  return row?.n ?? 0;
}

async function syncPhase(args: z.infer<typeof argsSchema>): Promise<PhaseResult> {
  const settings = settingsSchema.parse(JSON.parse(args.settings ?? '{}'));
  const config = loadConfig({
    env: {},
    dotenv: false,
    cwd: tmpdir(),
    overrides: { warehouse: args.warehouse, progressIntervalMs: 15_000, ...settings },
  });
  const log = createLogger('warn');
  const warehouse = await openWarehouse(config.warehouse, { memoryLimit: '512MB' });
  if (args.pagerduty) await runSync({ config, log, warehouse, sources: ['pagerduty'], now: new Date() });
  const started = performance.now();
  const result = await runSync({
    config,
    log: createLogger('info'),
    warehouse,
    sources: ['github'],
    now: new Date(),
  });
  const seconds = (performance.now() - started) / 1000;
  const minimum = await minimumRequests(warehouse);
  warehouse.close();
  return {
    records: result.outcomes.reduce((n, o) => n + o.records, 0),
    requests: result.requests,
    minimum,
    seconds,
    peakRssMb: peakRssMb(),
    status: result.status,
  };
}

function runPhase(warehouse: string, settings: object, pagerduty: boolean): Promise<PhaseResult> {
  return runChild<PhaseResult>('bench/github.ts', [
    '--mode',
    'sync',
    '--warehouse',
    warehouse,
    '--settings',
    JSON.stringify(settings),
    '--pagerduty',
    pagerduty ? '1' : '',
  ]);
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'sync') {
    process.stdout.write(JSON.stringify(await syncPhase(args)));
    return;
  }
  const scale = { repos: args.repos, deploysPerRepo: args.deploys, pullsTotal: args.pulls };
  process.stderr.write(
    `generating the sandbox (${scale.repos} repos × ${scale.deploysPerRepo} deploys, ${scale.pullsTotal} PRs)...\n`,
  );
  const sandbox = await startSandbox({
    seed: 42,
    scale: 'small',
    githubScale: scale,
    rateLimitPerMinute: null,
    githubRateLimit: null,
  });
  const truth = sandbox.github.truth();
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-bench-github-'));
  const warehouse = join(dir, 'bench.duckdb');
  const settings = {
    pagerduty: { apiUrl: sandbox.pagerduty.apiUrl, token: sandbox.pagerduty.token },
    github: {
      apiUrl: sandbox.github.apiUrl,
      token: sandbox.github.token,
      org: sandbox.github.org,
      repositories: truth.repos
        .filter((r) => r.deployKind !== 'deployments')
        .map((r) => ({ name: r.fullName, deployKind: r.deployKind })),
    },
  };
  try {
    const rows: Array<Record<string, string | number>> = [];
    for (const [phase, pagerduty] of [
      ['first sync', true],
      ['second sync, nothing changed', false],
    ] as const) {
      sandbox.github.resetStats();
      const r = await runPhase(warehouse, settings, pagerduty);
      const stats = sandbox.github.stats();
      rows.push({
        phase,
        status: r.status,
        records: r.records,
        seconds: fmt.format(r.seconds),
        'records/s': fmt.format(r.records / r.seconds),
        requests: r.requests,
        // A read from scratch cannot make fewer; a second one needs as many lists asked again, all 304.
        'minimum (full read)': r.minimum,
        '304s': stats.notModified,
        'peak RSS MB': r.peakRssMb,
      });
    }
    console.table(rows);
    const deployments = truth.deploys.filter((d) => d.environment === 'production').length;
    console.log(
      `${deployments} production deploys in the sandbox; the first sync's extra requests over the minimum are the deployments list walked a second time by the statuses stream.`,
    );
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
