import { TZDate } from '@date-fns/tz';
import { startOfISOWeek, startOfMonth, startOfQuarter } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { runSync, type SyncResult } from '../../src/pipeline/sync.ts';
import type { GitHubTruth, PagerDutyTruth, Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  gitHubSandboxConfig,
  mean,
  minutesBetween,
  openWarehouse,
  quantile,
  startTestSandbox,
  tempWarehousePath,
} from '../helpers/world.ts';

/** Periods are cut in this zone, so an off-by-a-zone bug cannot hide behind UTC. */
const zone = 'America/New_York';
const grains = ['week', 'month', 'quarter'] as const;
type Grain = (typeof grains)[number];

function periodStart(grain: Grain, at: Date): string {
  const local = new TZDate(at.getTime(), zone);
  const start =
    grain === 'week'
      ? startOfISOWeek(local)
      : grain === 'month'
        ? startOfMonth(local)
        : startOfQuarter(local);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
}

let sandbox: Sandbox;
let warehouse: Warehouse;
let result: SyncResult;
let gh: GitHubTruth;
let pd: PagerDutyTruth;

type TruthDeploy = GitHubTruth['deploys'][number];
const kindOf = (repo: string) => gh.repos.find((r) => r.fullName === repo)!.deployKind;
const keyOf = (d: { repo: string; id: string }) => `github:${d.repo}:${kindOf(d.repo)}:${d.id}`;
/** The deploys the connector reads: production deployments (staging is not asked for), every release and merge. */
const inScope = (d: TruthDeploy) => kindOf(d.repo) !== 'deployments' || d.environment === 'production';
/** Went live in production: the metrics' population. */
const live = (d: TruthDeploy) =>
  d.environment === 'production' &&
  d.finishedAt !== null &&
  (d.status === 'success' || d.status === 'inactive');
const serviceOf = (repo: string) => gh.repos.find((r) => r.fullName === repo)!;
const serviceKey = (repo: string) => {
  const r = serviceOf(repo);
  return r.serviceId ? `pagerduty:${r.serviceId}` : 'unmapped';
};
const teamKey = (repo: string) => {
  const r = serviceOf(repo);
  return r.serviceId ? `pagerduty:${r.teamId}` : 'unowned';
};

beforeAll(async () => {
  sandbox = await startTestSandbox({
    scale: { incidents: 300, days: 120 },
    githubScale: { repos: 6, deploysPerRepo: 40, pullsTotal: 160 },
  });
  const path = tempWarehousePath();
  warehouse = await openWarehouse(path);
  // Through the Enterprise Server URL (`/api/v3`): the same data, as GHES serves it.
  const config = gitHubSandboxConfig(sandbox, path, {
    timezone: zone,
    github: { apiUrl: sandbox.github.enterpriseApiUrl },
  });
  result = await runSync({
    config,
    log: silentLogger,
    warehouse,
    now: sandbox.clock.now(),
    sources: ['pagerduty', 'github'],
  });
  gh = sandbox.github.truth();
  pd = sandbox.pagerduty.truth();
}, 120_000);

afterAll(async () => {
  warehouse?.close();
  await sandbox?.close();
});

interface Group {
  key: string;
  values: number[];
  deploys: TruthDeploy[];
}

/** Truth grouped like the metric views: per grain, period, team and service, plus the (all) roll-up. */
function groups(deploys: TruthDeploy[], at: (d: TruthDeploy) => Date): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const d of deploys) {
    for (const grain of grains) {
      const start = periodStart(grain, at(d));
      for (const key of [
        `${grain}|${start}|${teamKey(d.repo)}|${serviceKey(d.repo)}`,
        `${grain}|${start}|(all)|(all)`,
      ]) {
        const group = out.get(key) ?? { key, values: [], deploys: [] };
        group.deploys.push(d);
        out.set(key, group);
      }
    }
  }
  return out;
}

async function metricRows(view: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await warehouse.all(
    `SELECT * FROM ${view} WHERE (team_key = '(all)') = (service_key = '(all)')`,
  );
  return new Map(rows.map((r) => [`${r.period_grain}|${r.period_start}|${r.team_key}|${r.service_key}`, r]));
}

describe('GitHub sync: every figure equals the sandbox ground truth', () => {
  it('loads both sources without failures or rejects', async () => {
    expect(result.status).toBe('succeeded');
    expect(result.outcomes.filter((o) => o.source === 'github').map((o) => o.stream)).toEqual([
      'repositories',
      'milestones',
      'deployments',
      'deployment_statuses',
      'releases',
      'pulls',
      'issues',
    ]);
    const [rejects] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM dq_rejects');
    expect(rejects!.n).toBe(0);
  });

  it('deploys: one row per deploy with its sha, environment, times, status, rollback, service and team', async () => {
    const rows = await warehouse.all<Record<string, string | boolean | null>>('SELECT * FROM deploys');
    const byKey = new Map(rows.map((r) => [r.deploy_key as string, r]));
    const expected = gh.deploys.filter(inScope);
    expect(rows.length).toBe(expected.length);
    for (const d of expected) {
      const row = byKey.get(keyOf(d));
      expect(row, keyOf(d)).toBeDefined();
      const at = (v: unknown) => (v === null ? null : Date.parse(String(v)));
      expect(
        {
          sha: row!.sha,
          environment: row!.environment,
          status: row!.status,
          started: at(row!.started_at),
          finished: at(row!.finished_at),
          rolledBack: row!.rolled_back,
          service: row!.service_key ?? 'unmapped',
          team: row!.team_key,
        },
        keyOf(d),
      ).toEqual({
        sha: d.sha,
        environment: d.environment,
        status: d.status,
        started: d.createdAt.getTime(),
        finished: d.finishedAt?.getTime() ?? null,
        rolledBack: d.rolledBack,
        service: serviceKey(d.repo),
        team: teamKey(d.repo),
      });
    }
    expect(expected.some((d) => d.rolledBack && kindOf(d.repo) === 'deployments')).toBe(true);
    expect(expected.some((d) => d.status === 'inactive')).toBe(true);
  });

  it('incident_deploy_links: exactly the default rule of the truth, basis window', async () => {
    const rows = await warehouse.all<{ incident_key: string; deploy_key: string; basis: string }>(
      'SELECT incident_key, deploy_key, basis FROM incident_deploy_links',
    );
    const expected = gh.incidentDeployLinks.map(
      (l) => `pagerduty:${l.incidentId} -> ${keyOf({ repo: l.repo, id: l.deployId })}`,
    );
    expect(rows.map((r) => `${r.incident_key} -> ${r.deploy_key}`).sort()).toEqual(expected.sort());
    expect(new Set(rows.map((r) => r.basis))).toEqual(new Set(['window']));
    expect(expected.length).toBeGreaterThan(10);
  });

  it('metric_deploy_frequency: successful production deploys per service, team and period', async () => {
    const rows = await metricRows('metric_deploy_frequency');
    const expected = groups(gh.deploys.filter(live), (d) => d.finishedAt!);
    expect(rows.size).toBe(expected.size);
    for (const [key, group] of expected) {
      expect(rows.get(key), key).toMatchObject({
        deploys: group.deploys.length,
        rolled_back: group.deploys.filter((d) => d.rolledBack).length,
      });
    }
  });

  it('metric_change_failure_rate: deploys with an attributed incident / production deploys, never above 1', async () => {
    const rows = await metricRows('metric_change_failure_rate');
    const linked = new Set(gh.incidentDeployLinks.map((l) => keyOf({ repo: l.repo, id: l.deployId })));
    const expected = groups(gh.deploys.filter(live), (d) => d.finishedAt!);
    expect(rows.size).toBe(expected.size);
    let failures = 0;
    for (const [key, group] of expected) {
      const failed = group.deploys.filter((d) => linked.has(keyOf(d))).length;
      failures += failed;
      const row = rows.get(key)!;
      expect({ n: row.production_deploys, failed: row.failed_deploys }, key).toEqual({
        n: group.deploys.length,
        failed,
      });
      expect(row.change_failure_rate as number, key).toBeCloseTo(failed / group.deploys.length, 12);
    }
    expect(failures).toBeGreaterThan(0);
    const [max] = await warehouse.all<{ m: number }>(
      'SELECT max(change_failure_rate) AS m FROM metric_change_failure_rate',
    );
    expect(max!.m).toBeLessThanOrEqual(1);
  });

  it('metric_failed_deploy_recovery: minutes from the deploy to the resolution of the incident(s) it caused', async () => {
    const rows = await metricRows('metric_failed_deploy_recovery');
    const incidentsOf = new Map<string, string[]>();
    for (const l of gh.incidentDeployLinks) {
      const key = keyOf({ repo: l.repo, id: l.deployId });
      incidentsOf.set(key, [...(incidentsOf.get(key) ?? []), l.incidentId]);
    }
    const failed = gh.deploys.filter((d) => live(d) && incidentsOf.has(keyOf(d)));
    const expected = groups(failed, (d) => d.finishedAt!);
    expect(rows.size).toBe(expected.size);
    for (const [key, group] of expected) {
      const minutes: number[] = [];
      for (const d of group.deploys) {
        const incidents = incidentsOf.get(keyOf(d))!.map((id) => pd.incidents.find((i) => i.id === id)!);
        if (incidents.every((i) => i.resolvedAt !== null))
          minutes.push(Math.max(...incidents.map((i) => minutesBetween(d.finishedAt!, i.resolvedAt!))));
      }
      const row = rows.get(key)!;
      expect({ failed: row.failed_deploys, recovered: row.recovered }, key).toEqual({
        failed: group.deploys.length,
        recovered: minutes.length,
      });
      if (minutes.length === 0) continue;
      expect(row.mean_minutes as number, key).toBeCloseTo(mean(minutes), 6);
      expect(row.median_minutes as number, key).toBeCloseTo(quantile(minutes, 0.5), 6);
      expect(row.p90_minutes as number, key).toBeCloseTo(quantile(minutes, 0.9), 6);
    }
  });

  it('GitHub action items: due from the milestone, done when closed as completed, owner, team and incident', async () => {
    const rows = await warehouse.all<Record<string, string | null>>('SELECT * FROM stg_github__action_items');
    expect(rows.length).toBe(gh.actionItems.length);
    const byKey = new Map(rows.map((r) => [r.action_item_key, r]));
    for (const item of gh.actionItems) {
      const row = byKey.get(`github:${item.repo}#${item.number}`)!;
      expect(row, `${item.repo}#${item.number}`).toBeDefined();
      // The due day is the milestone's UTC (= Pacific) date; due_at is its last instant in the reporting zone.
      const dueDate = item.dueOn?.toISOString().slice(0, 10) ?? null;
      expect(
        {
          title: row.title,
          due: row.due_date,
          created: Date.parse(row.created_at!),
          completed: row.completed_at ? Date.parse(row.completed_at) : null,
          owner: row.owner_person_key,
          incident: row.incident_key,
          team: row.team_key,
        },
        `${item.repo}#${item.number}`,
      ).toEqual({
        title: item.title,
        due: dueDate,
        created: item.createdAt.getTime(),
        completed: item.closedAt?.getTime() ?? null,
        owner: item.assignee ? `github:${item.assignee}` : null,
        incident: item.incidentId ? `pagerduty:${item.incidentId}` : null,
        team: teamKey(item.repo),
      });
      if (dueDate) {
        const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
        const end = new TZDate(y, m - 1, d, 23, 59, 59, 999, zone);
        expect(Math.abs(Date.parse(row.due_at!) - end.getTime()), `${item.repo}#${item.number}`).toBeLessThan(
          1,
        );
      }
    }
  });

  it('GitHub action items reach action_items and metric_action_item_completion', async () => {
    const [count] = await warehouse.all<{ n: number }>(
      "SELECT count(*) AS n FROM action_items WHERE source = 'github'",
    );
    expect(count!.n).toBe(gh.actionItems.length);
    const now = sandbox.clock.now().getTime();
    const expected = new Map<
      string,
      { due: number; onTime: number; late: number; overdue: number; noDue: number }
    >();
    for (const item of gh.actionItems) {
      const dueDate = item.dueOn?.toISOString().slice(0, 10);
      let dueEnd: number | null = null;
      if (dueDate) {
        const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
        dueEnd = new TZDate(y, m - 1, d, 23, 59, 59, 999, zone).getTime();
      }
      const key = periodStart('quarter', new Date(dueEnd ?? item.createdAt.getTime()));
      const e = expected.get(key) ?? { due: 0, onTime: 0, late: 0, overdue: 0, noDue: 0 };
      const closed = item.closedAt?.getTime() ?? null;
      if (dueEnd === null) e.noDue += 1;
      else {
        e.due += 1;
        if (closed !== null && closed <= dueEnd) e.onTime += 1;
        else if (closed !== null) e.late += 1;
        else if (dueEnd < now) e.overdue += 1;
      }
      expected.set(key, e);
    }
    const rows = await warehouse.all<Record<string, number | string>>(
      `SELECT period_start, due, completed_on_time, completed_late, open_overdue, no_due_date
       FROM metric_action_item_completion WHERE period_grain = 'quarter' AND team_key = '(all)' AND owner_person_key = '(all)'`,
    );
    expect(rows.length).toBe(expected.size);
    for (const row of rows) {
      const e = expected.get(String(row.period_start))!;
      expect(
        {
          due: row.due,
          onTime: row.completed_on_time,
          late: row.completed_late,
          overdue: row.open_overdue,
          noDue: row.no_due_date,
        },
        String(row.period_start),
      ).toEqual(e);
    }
  });

  it('documents every column of the GitHub marts and metric views', async () => {
    const undocumented = await warehouse.all(
      `SELECT table_name, column_name FROM duckdb_columns()
       WHERE table_name IN ('deploys', 'incident_deploy_links', 'metric_deploy_frequency', 'metric_change_failure_rate', 'metric_failed_deploy_recovery')
         AND comment IS NULL`,
    );
    expect(undocumented).toEqual([]);
  });
});
