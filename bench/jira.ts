/**
 * Jira backfill benchmark: every incident ticket, postmortem and action item of the sandbox's Jira site (about
 * 87,000 issues at the default large scale, changelogs included), read through jira.js into a new warehouse.
 * The sync runs in its own process so its peak RSS is its own. Prints records/s, requests by route, requests per
 * issue against the minimum (one search request per page, plus the changelog requests of the issues whose
 * changelog the search truncated), and peak RSS.
 *
 *   npm run bench:jira
 *   npm run bench:jira -- --scale medium   # quicker (about 10,000 issues)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../src/config/index.ts';
import { createLogger } from '../src/logger.ts';
import { openWarehouse, runSync } from '../src/pipeline/sync.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { resolveScale } from '../src/sandbox/scale.ts';
import { flagPairs, runChild } from './child.ts';

const argsSchema = z.object({
  mode: z.enum(['main', 'sync']).default('main'),
  scale: z.enum(['small', 'medium', 'large']).default('large'),
  warehouse: z.string().optional(),
  settings: z.string().optional(),
});

function parseArgs(argv: string[]) {
  return argsSchema.parse(flagPairs(argv));
}

const settingsSchema = z.object({
  jira: z.object({
    host: z.string(),
    email: z.string(),
    apiToken: z.string(),
    historyDays: z.number().int(),
  }),
});

interface PhaseResult {
  records: number;
  issues: number;
  /** Issues whose changelog has more histories than a search embeds (40): the only ones worth a request of their own. */
  truncated: number;
  pageSize: number;
  scopes: Record<string, number>;
  seconds: number;
  peakRssMb: number;
  status: string;
}

const EMBEDDED_HISTORIES = 40;

async function syncPhase(args: z.infer<typeof argsSchema>): Promise<PhaseResult> {
  const settings = settingsSchema.parse(JSON.parse(args.settings ?? '{}'));
  const config = loadConfig({
    env: {},
    dotenv: false,
    cwd: tmpdir(),
    overrides: { warehouse: args.warehouse, progressIntervalMs: 15_000, ...settings },
  });
  const warehouse = await openWarehouse(config.warehouse, { memoryLimit: '512MB' });
  const started = performance.now();
  const result = await runSync({
    config,
    log: createLogger('info'),
    warehouse,
    sources: ['jira'],
    now: new Date(),
  });
  const seconds = (performance.now() - started) / 1000;
  const scopes: Record<string, number> = {};
  let truncated = 0;
  for (const table of ['incidents', 'postmortems', 'action_items']) {
    const [row] = await warehouse.all<{ n: number; truncated: number }>(
      `SELECT count(*)::INTEGER AS n,
         count(*) FILTER (WHERE json_array_length(payload -> 'changelog' -> 'histories') > ${EMBEDDED_HISTORIES})::INTEGER AS truncated
       FROM raw_jira__${table}`,
    );
    scopes[table] = row?.n ?? 0;
    truncated += row?.truncated ?? 0;
  }
  warehouse.close();
  return {
    records: result.outcomes.reduce((n, o) => n + o.records, 0),
    issues: Object.values(scopes).reduce((a, b) => a + b, 0),
    truncated,
    pageSize: config.jira.pageSize,
    scopes,
    seconds,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    status: result.status,
  };
}

function runPhase(warehouse: string, settings: object): Promise<PhaseResult> {
  return runChild<PhaseResult>('bench/jira.ts', [
    '--mode',
    'sync',
    '--warehouse',
    warehouse,
    '--settings',
    JSON.stringify(settings),
  ]);
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'sync') {
    process.stdout.write(JSON.stringify(await syncPhase(args)));
    return;
  }
  process.stderr.write(`generating the sandbox (${args.scale})...\n`);
  const sandbox = await startSandbox({
    seed: 42,
    scale: args.scale,
    rateLimitPerMinute: null,
    jiraRateLimitPerMinute: null,
  });
  const truth = sandbox.jira.truth();
  process.stderr.write(
    `Jira site: ${truth.incidents.length} incident tickets, ${truth.postmortems.length} postmortems, ${truth.actionItems.length} action items\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-bench-jira-'));
  try {
    sandbox.stats.reset();
    const r = await runPhase(join(dir, 'bench.duckdb'), {
      // The whole history of the site: the default window (365 days) would read only the last year.
      jira: {
        host: sandbox.jira.host,
        email: sandbox.jira.email,
        apiToken: sandbox.jira.apiToken,
        historyDays: resolveScale(args.scale).days + 1,
      },
    });
    const routes = Object.entries(sandbox.stats.byRoute()).filter(
      ([route]) => route.includes('/jira') || route.includes('rest/'),
    );
    const count = (pattern: RegExp) =>
      routes.filter(([route]) => pattern.test(route)).reduce((n, [, c]) => n + c, 0);
    const search = count(/search/);
    const changelog = count(/changelog/);
    const requests = routes.reduce((n, [, c]) => n + c, 0);
    const pages = Object.values(r.scopes).reduce(
      (n, issues) => n + Math.max(1, Math.ceil(issues / r.pageSize)),
      0,
    );
    console.table([
      {
        status: r.status,
        issues: r.issues,
        records: r.records,
        seconds: fmt.format(r.seconds),
        'records/s': fmt.format(r.records / r.seconds),
        requests,
        'search requests': search,
        'search pages (minimum)': pages,
        'changelog requests': changelog,
        'truncated changelogs': r.truncated,
        'requests/issue': fmt.format(requests / r.issues),
        'peak RSS MB': r.peakRssMb,
      },
    ]);
    console.log('requests by route:');
    for (const [route, n] of routes) console.log(`  ${route}: ${n}`);
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
