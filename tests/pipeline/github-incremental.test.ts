import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  dumpTable,
  gitHubSandboxConfig,
  openWarehouse,
  startTestSandbox,
  tempWarehousePath,
} from '../helpers/world.ts';

const day = 86_400_000;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const githubTables = [
  'raw_github__repositories',
  'raw_github__milestones',
  'raw_github__deployments',
  'raw_github__deployment_statuses',
  'raw_github__releases',
  'raw_github__pulls',
  'raw_github__issues',
  'deploys',
  'incident_deploy_links',
];

async function snapshot(warehouse: Warehouse): Promise<string[]> {
  const out: string[] = [];
  for (const table of githubTables)
    out.push(...(await dumpTable(warehouse, table)).map((r) => `${table} ${r}`));
  return out;
}

describe('GitHub incremental sync', () => {
  it('a second sync with nothing changed makes only conditional requests, all answered 304, and changes nothing', async () => {
    sandbox = await startTestSandbox({
      scale: { incidents: 120, days: 60 },
      githubScale: { repos: 6, deploysPerRepo: 25, pullsTotal: 80 },
    });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const config = gitHubSandboxConfig(sandbox, path);
    const sync = () =>
      runSync({ config, log: silentLogger, warehouse, now: sandbox!.clock.now(), sources: ['github'] });
    expect((await sync()).status).toBe('succeeded');
    const before = await snapshot(warehouse);
    sandbox.github.resetStats();

    const second = await sync();
    expect(second.status).toBe('succeeded');
    const stats = sandbox.github.stats();
    // Every list of every repository was asked again (the sandbox counted each request) and none came back.
    expect(stats.requests).toBeGreaterThanOrEqual(6 * 2);
    expect(stats.byStatus).toEqual({ 304: stats.requests });
    expect(stats.notModified).toBe(stats.requests);
    expect(second.outcomes.filter((o) => o.source === 'github').every((o) => o.records === 0)).toBe(true);
    expect(await snapshot(warehouse)).toEqual(before);
    warehouse.close();
  }, 120_000);

  it('after the clock moves on, reads the new deploys and the statuses that changed (in progress → success → inactive)', async () => {
    sandbox = await startTestSandbox({
      scale: { incidents: 120, days: 60 },
      githubScale: { repos: 6, deploysPerRepo: 25, pullsTotal: 80 },
    });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const config = gitHubSandboxConfig(sandbox, path);
    const sync = () =>
      runSync({
        config,
        log: silentLogger,
        warehouse,
        now: sandbox!.clock.now(),
        sources: ['pagerduty', 'github'],
      });
    await sync();
    const running = await warehouse.all<{ deploy_key: string }>(
      "SELECT deploy_key FROM deploys WHERE deploy_kind = 'deployments' AND status IN ('pending', 'queued', 'in_progress')",
    );
    // The sandbox always has a deployment in progress at its start (drafts never published stay pending).
    expect(running.length).toBeGreaterThan(0);

    sandbox.clock.advance(9 * day);
    expect((await sync()).status).toBe('succeeded');
    const truth = sandbox.github.truth();
    const kindOf = new Map(truth.repos.map((r) => [r.fullName, r.deployKind]));
    const expected = truth.deploys.filter(
      (d) => kindOf.get(d.repo) !== 'deployments' || d.environment === 'production',
    );
    const rows = await warehouse.all<{ deploy_key: string; status: string; finished_at: string | null }>(
      'SELECT deploy_key, status, finished_at FROM deploys',
    );
    const byKey = new Map(rows.map((r) => [r.deploy_key, r]));
    expect(rows.length).toBe(expected.length);
    for (const d of expected) {
      const row = byKey.get(`github:${d.repo}:${kindOf.get(d.repo)}:${d.id}`);
      expect(row?.status, d.id).toBe(d.status);
      expect(row?.finished_at ? Date.parse(row.finished_at) : null, d.id).toBe(
        d.finishedAt?.getTime() ?? null,
      );
    }
    for (const { deploy_key } of running)
      expect(byKey.get(deploy_key)?.status).not.toMatch(/pending|in_progress/);
    const links = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM incident_deploy_links');
    expect(links[0]!.n).toBe(truth.incidentDeployLinks.length);
    const items = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM stg_github__action_items');
    expect(items[0]!.n).toBe(truth.actionItems.length);
    warehouse.close();
  }, 120_000);
});
