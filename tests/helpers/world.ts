import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { openWarehouse, runSync, type SyncResult } from '../../src/pipeline/sync.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';

/** A fixed clock so that ground truth and warehouse agree on "now" across runs. */
export const sandboxNow = new Date('2026-10-15T12:00:00Z');

export function tempWarehousePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'opsledger-test-')), 'warehouse.duckdb');
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ seed: 7, scale: 'small', now: sandboxNow, rateLimitPerMinute: null, ...options });
}

export function sandboxConfig(
  sandbox: Sandbox,
  warehouse: string,
  extra: Record<string, unknown> = {},
): Config {
  return loadConfig({
    env: {},
    dotenv: false,
    cwd: tmpdir(),
    overrides: {
      warehouse,
      logLevel: 'silent',
      pagerduty: { apiUrl: sandbox.pagerduty.apiUrl, token: sandbox.pagerduty.token },
      ...extra,
    },
  });
}

/**
 * sandboxConfig plus the sandbox's Jira site (`extra.jira` is merged over the credentials). Opt-in: the
 * PagerDuty suites compare incident counts with PagerDuty's truth alone, and Jira adds Jira-only incidents.
 */
export function jiraSandboxConfig(
  sandbox: Sandbox,
  warehouse: string,
  extra: Record<string, unknown> = {},
): Config {
  const { jira, ...rest } = extra as { jira?: Record<string, unknown> };
  const credentials = { host: sandbox.jira.host, email: sandbox.jira.email, apiToken: sandbox.jira.apiToken };
  return sandboxConfig(sandbox, warehouse, { ...rest, jira: { ...credentials, ...jira } });
}

/**
 * The sandbox's GitHub organisation as a user would configure it: token, API URL, the org, and each repository
 * whose deploys are not Deployments API deployments listed with its deploy kind. `overrides` is merged over it.
 */
export function gitHubSandboxSection(sandbox: Sandbox, overrides: Record<string, unknown> = {}) {
  const repositories = sandbox.github
    .truth()
    .repos.filter((r) => r.deployKind !== 'deployments')
    .map((r) => ({ name: r.fullName, deployKind: r.deployKind }));
  return {
    apiUrl: sandbox.github.apiUrl,
    token: sandbox.github.token,
    org: sandbox.github.org,
    repositories,
    ...overrides,
  };
}

/** sandboxConfig plus the sandbox's GitHub organisation (opt-in, like Jira: the PagerDuty suites do not sync it). */
export function gitHubSandboxConfig(
  sandbox: Sandbox,
  warehouse: string,
  extra: Record<string, unknown> = {},
): Config {
  const { github, ...rest } = extra as { github?: Record<string, unknown> };
  return sandboxConfig(sandbox, warehouse, { ...rest, github: gitHubSandboxSection(sandbox, github) });
}

export async function syncOnce(
  config: Config,
  warehouse: Warehouse,
  sandbox: Sandbox,
  full = false,
): Promise<SyncResult> {
  return runSync({ config, log: silentLogger, warehouse, full, now: sandbox.clock.now() });
}

export { openWarehouse };

/** Raw tables, marts and cursors a PagerDuty sync writes (lineage tables grow by one row per run by design). */
export const pagerDutyDataTables = [
  'raw_pagerduty__incidents',
  'raw_pagerduty__log_entries',
  'raw_pagerduty__services',
  'raw_pagerduty__teams',
  'raw_pagerduty__users',
  'raw_pagerduty__escalation_policies',
  'raw_pagerduty__oncalls',
  'incidents',
  'incident_events',
  'teams',
  'services',
  'people',
  'pages',
  'oncall_shifts',
  'dq_rejects',
  'sync_cursors',
];

/** Each table's rows (see dumpTable), to compare two warehouses or two points in time. */
export async function snapshotTables(
  warehouse: Warehouse,
  tables: readonly string[],
  exclude: string[] = [],
) {
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await dumpTable(warehouse, t, exclude)] as const)),
  );
}

/** Every row of a table as sorted JSON lines, to compare two warehouses or two points in time. */
export async function dumpTable(
  warehouse: Warehouse,
  table: string,
  exclude: string[] = [],
): Promise<string[]> {
  const columns = (
    await warehouse.all<{ c: string }>(
      'SELECT column_name AS c FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index',
      { t: table },
    )
  )
    .map((r) => r.c)
    .filter((c) => !exclude.includes(c));
  const rows = await warehouse.all(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table}`);
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** Linear-interpolation quantile (numpy's default, DuckDB's quantile_cont): the reference for p50/p90. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (position - lower);
}

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
export const minutesBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
