import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import { gitHubSandboxConfig, openWarehouse, startTestSandbox, tempWarehousePath } from '../helpers/world.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const sizes = {
  scale: { incidents: 120, days: 60 },
  githubScale: { repos: 6, deploysPerRepo: 20, pullsTotal: 60 },
} as const;

describe('GitHub sync errors', () => {
  it('a listed repository that disappeared: one message naming it, recorded as failed, the rest loaded', async () => {
    sandbox = await startTestSandbox(sizes);
    const truth = sandbox.github.truth();
    const gone = truth.repos.find((r) => r.deployKind === 'deployments')!.fullName;
    sandbox.github.setRepoAccess(gone, 'missing');
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    // No org: the repositories are listed one by one, as a user may configure them.
    const repositories = truth.repos.map((r) => ({ name: r.fullName, deployKind: r.deployKind }));
    const config = gitHubSandboxConfig(sandbox, path, { github: { org: undefined, repositories } });
    const lines: string[] = [];
    const result = await runSync({
      config,
      log: createLogger('warn', (l) => lines.push(l)),
      warehouse,
      now: sandbox.clock.now(),
      sources: ['github'],
    });
    expect(result.status).toBe('partial');
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    expect(failed.map((o) => o.stream)).toEqual(['repositories']);
    expect(failed[0]!.error).toMatch(new RegExp(`GitHub repository ${gone} was not found.*GITHUB_TOKEN`));
    // Named once where it happened (and once more where the failed stream is reported), never again later.
    const warnings = lines.filter((l) => l.includes(gone) && !l.includes('failed, its cursor stays'));
    expect(warnings).toHaveLength(1);
    const [loaded] = await warehouse.all<{ repos: number; gone: number }>(
      `SELECT count(DISTINCT repo) AS repos, count(*) FILTER (WHERE repo = $gone) AS gone FROM deploys`,
      { gone },
    );
    expect(loaded).toEqual({ repos: truth.repos.length - 1, gone: 0 });
    const streams = await warehouse.all<{ stream: string; status: string }>(
      "SELECT stream, status FROM sync_run_streams WHERE source = 'github' AND status = 'failed'",
    );
    expect(streams).toEqual([{ stream: 'repositories', status: 'failed' }]);
    warehouse.close();
  }, 120_000);

  it('a repository the token cannot read (403): named once, skipped by every later stream, the rest loaded', async () => {
    sandbox = await startTestSandbox(sizes);
    const truth = sandbox.github.truth();
    const hidden = truth.repos.find((r) => r.deployKind === 'deployments')!.fullName;
    sandbox.github.setRepoAccess(hidden, 'forbidden');
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const lines: string[] = [];
    const result = await runSync({
      config: gitHubSandboxConfig(sandbox, path),
      log: createLogger('warn', (l) => lines.push(l)),
      warehouse,
      now: sandbox.clock.now(),
      sources: ['github'],
    });
    expect(result.status).toBe('partial');
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    expect(failed.map((o) => o.stream)).toEqual(['milestones']);
    expect(failed[0]!.error).toMatch(new RegExp(`GitHub repository ${hidden} refused access: GITHUB_TOKEN`));
    expect(lines.filter((l) => l.includes(hidden) && !l.includes('failed, its cursor stays'))).toHaveLength(
      1,
    );
    const [deploys] = await warehouse.all<{ repos: number }>(
      'SELECT count(DISTINCT repo) AS repos FROM deploys',
    );
    expect(deploys!.repos).toBe(truth.repos.length - 1);
    warehouse.close();
  }, 120_000);

  it('a rejected token stops the source with a message naming GITHUB_TOKEN, never the token', async () => {
    sandbox = await startTestSandbox(sizes);
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const badToken = 'ghp_wrongtoken0123456789abcdef';
    const lines: string[] = [];
    const result = await runSync({
      config: gitHubSandboxConfig(sandbox, path, { github: { token: badToken } }),
      log: createLogger('debug', (l) => lines.push(l)),
      warehouse,
      now: sandbox.clock.now(),
      sources: ['github'],
    });
    expect(result.status).toBe('failed');
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]!.error).toMatch(/AuthError: .*check GITHUB_TOKEN/);
    const stored = await warehouse.all<{ t: string }>(
      "SELECT CAST(settings AS VARCHAR) || coalesce(error, '') || coalesce(CAST(counts AS VARCHAR), '') AS t FROM sync_runs",
    );
    expect([...lines, JSON.stringify(result), ...stored.map((s) => s.t)].join('\n')).not.toContain(badToken);
    warehouse.close();
  }, 120_000);

  it('an incident naming a deploy SHA is linked to it explicitly, whatever the window says', async () => {
    sandbox = await startTestSandbox(sizes);
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const config = gitHubSandboxConfig(sandbox, path);
    await runSync({
      config,
      log: silentLogger,
      warehouse,
      now: sandbox.clock.now(),
      sources: ['pagerduty', 'github'],
    });
    const truth = sandbox.github.truth();
    expect(truth.incidentDeployLinks.length).toBeGreaterThan(0);
    // An incident the window rule attributes to one deploy names another one (of another service) in its title,
    // the way a responder writes "errors since 3f2a91c": the explicit reference wins.
    const windowed = truth.incidentDeployLinks[0]!;
    const [other] = await warehouse.all<{ sha: string; deploy_key: string }>(
      // A SHA deployed once: a redeployed SHA names several deploys (the link then takes the latest).
      `SELECT sha, deploy_key FROM deploys WHERE is_production AND succeeded AND repo <> $repo
         AND sha IN (SELECT sha FROM deploys GROUP BY sha HAVING count(*) = 1) ORDER BY finished_at LIMIT 1`,
      { repo: windowed.repo },
    );
    const prefix = other!.sha.slice(0, 9);
    await warehouse.run(
      `UPDATE raw_pagerduty__incidents SET payload = json_merge_patch(payload, json_object('title', 'Errors since deploy ' || $sha || ' went out'))
       WHERE source_id = $id`,
      { sha: prefix, id: windowed.incidentId },
    );
    await buildModels(warehouse);
    const links = await warehouse.all<{ deploy_key: string; basis: string; reference: string }>(
      'SELECT deploy_key, basis, reference FROM incident_deploy_links WHERE incident_key = $key',
      { key: `pagerduty:${windowed.incidentId}` },
    );
    expect(links).toEqual([{ deploy_key: other!.deploy_key, basis: 'explicit', reference: prefix }]);
    const [total] = await warehouse.all<{ n: number; explicit: number }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE basis = 'explicit') AS explicit FROM incident_deploy_links",
    );
    expect(total).toEqual({ n: truth.incidentDeployLinks.length, explicit: 1 });
    const [max] = await warehouse.all<{ m: number; explicit: number }>(
      "SELECT max(change_failure_rate) AS m, sum(failed_deploys_explicit) AS explicit FROM metric_change_failure_rate WHERE team_key = '(all)' AND period_grain = 'quarter'",
    );
    expect(max!.m).toBeLessThanOrEqual(1);
    expect(max!.explicit).toBe(1);

    // With explicit links turned off (github.linking.pagerduty_fields: []) the window rule applies again.
    const off = gitHubSandboxConfig(sandbox, path, { github: { linking: { pagerdutyFields: [] } } });
    await runSync({
      config: off,
      log: silentLogger,
      warehouse,
      now: sandbox.clock.now(),
      sources: ['github'],
    });
    const again = await warehouse.all<{ basis: string }>(
      'SELECT basis FROM incident_deploy_links WHERE incident_key = $key',
      { key: `pagerduty:${windowed.incidentId}` },
    );
    expect(again).toEqual([{ basis: 'window' }]);
    warehouse.close();
  }, 120_000);
});
