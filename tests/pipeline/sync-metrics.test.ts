import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  mean,
  minutesBetween,
  openWarehouse,
  quantile,
  sandboxConfig,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

type TruthIncident = ReturnType<Sandbox['pagerduty']['truth']>['incidents'][number];

type MetricRow = {
  team_key: string;
  severity: string;
  incidents: number;
  mean_minutes: number;
  median_minutes: number;
  p90_minutes: number;
};

const quarterStart = (d: Date) =>
  `${d.getUTCFullYear()}-${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;

/** Ground truth of a metric per (quarter, team, severity), computed from the generator's own model. */
function expectedMetric(incidents: TruthIncident[], duration: (i: TruthIncident) => number | null) {
  const groups = new Map<string, number[]>();
  for (const incident of incidents) {
    const minutes = duration(incident);
    if (minutes === null) continue;
    const key = `${quarterStart(incident.createdAt)}|pagerduty:${incident.teamId}|${incident.severity}`;
    groups.set(key, [...(groups.get(key) ?? []), minutes]);
  }
  return new Map(
    [...groups].map(([key, values]) => [
      key,
      {
        incidents: values.length,
        mean: mean(values),
        median: quantile(values, 0.5),
        p90: quantile(values, 0.9),
      },
    ]),
  );
}

async function actualMetric(warehouse: Warehouse, view: string) {
  const rows = await warehouse.all<MetricRow & { period_start: string }>(
    `SELECT CAST(period_start AS VARCHAR) AS period_start, team_key, severity, CAST(incidents AS INTEGER) AS incidents, mean_minutes, median_minutes, p90_minutes
     FROM ${view} WHERE period_grain = 'quarter' AND service_key = '(all)' AND team_key <> '(all)' AND severity <> '(all)'`,
  );
  return new Map(rows.map((r) => [`${r.period_start}|${r.team_key}|${r.severity}`, r]));
}

function expectSameMetric(actual: Map<string, MetricRow>, expected: ReturnType<typeof expectedMetric>) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) {
    const got = actual.get(key)!;
    expect(got.incidents, key).toBe(want.incidents);
    expect(got.mean_minutes, key).toBeCloseTo(want.mean, 6);
    expect(got.median_minutes, key).toBeCloseTo(want.median, 6);
    expect(got.p90_minutes, key).toBeCloseTo(want.p90, 6);
  }
}

describe('sync from the sandbox through pdjs into DuckDB', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const result = await syncOnce(sandboxConfig(sandbox, path), warehouse, sandbox, true);
    expect(result.status).toBe('succeeded');
  });

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  it('loads exactly the incidents the sandbox holds, with their timelines', async () => {
    const truth = sandbox.pagerduty.truth();
    const rows = await warehouse.all<{
      source_id: string;
      status: string;
      acknowledged_at: string | null;
      resolved_at: string | null;
    }>('SELECT source_id, status, acknowledged_at, resolved_at FROM incidents');
    expect(rows.length).toBe(truth.incidents.length);
    const byId = new Map(rows.map((r) => [r.source_id, r]));
    for (const incident of truth.incidents) {
      const row = byId.get(incident.id);
      expect(row, incident.id).toBeDefined();
      expect(row!.status, incident.id).toBe(incident.status);
      expect(row!.acknowledged_at ? new Date(row!.acknowledged_at).getTime() : null, incident.id).toBe(
        incident.acknowledgedAt?.getTime() ?? null,
      );
      expect(row!.resolved_at ? new Date(row!.resolved_at).getTime() : null, incident.id).toBe(
        incident.resolvedAt?.getTime() ?? null,
      );
    }
  });

  it('attributes every incident to its team and severity as the generator decided', async () => {
    const truth = sandbox.pagerduty.truth();
    const rows = await warehouse.all<{
      source_id: string;
      team_key: string;
      severity: string;
      ownership_rule: string;
    }>('SELECT source_id, team_key, severity, ownership_rule FROM incidents');
    const byId = new Map(rows.map((r) => [r.source_id, r]));
    for (const incident of truth.incidents) {
      expect(byId.get(incident.id)?.team_key).toBe(`pagerduty:${incident.teamId}`);
      expect(byId.get(incident.id)?.severity).toBe(incident.severity);
    }
    expect(new Set(rows.map((r) => r.ownership_rule))).not.toContain('none');
  });

  it('computes MTTR per quarter, team and severity equal to the ground truth', async () => {
    const truth = sandbox.pagerduty.truth();
    const expected = expectedMetric(truth.incidents, (i) =>
      i.resolvedAt ? minutesBetween(i.createdAt, i.resolvedAt) : null,
    );
    expectSameMetric(await actualMetric(warehouse, 'metric_mttr'), expected);
  });

  it('computes MTTA per quarter, team and severity equal to the ground truth', async () => {
    const truth = sandbox.pagerduty.truth();
    const expected = expectedMetric(truth.incidents, (i) =>
      i.acknowledgedAt ? minutesBetween(i.createdAt, i.acknowledgedAt) : null,
    );
    expectSameMetric(await actualMetric(warehouse, 'metric_mtta'), expected);
  });

  it('counts incident frequency per month equal to the ground truth', async () => {
    const truth = sandbox.pagerduty.truth();
    const rows = await warehouse.all<{ total: number }>(
      "SELECT sum(incidents) AS total FROM metric_incident_frequency WHERE period_grain = 'month' AND team_key = '(all)' AND severity = '(all)'",
    );
    expect(Number(rows[0]?.total)).toBe(truth.incidents.length);
  });

  it('records the run with its settings, counts and cursors, and no token anywhere', async () => {
    const runs = await warehouse.all<{
      status: string;
      settings: string;
      counts: string;
      cursors_after: string;
    }>(
      'SELECT status, CAST(settings AS VARCHAR) AS settings, CAST(counts AS VARCHAR) AS counts, CAST(cursors_after AS VARCHAR) AS cursors_after FROM sync_runs',
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('succeeded');
    expect(JSON.parse(runs[0]!.counts)['pagerduty.incidents'].records).toBeGreaterThan(0);
    expect(JSON.parse(runs[0]!.cursors_after)['pagerduty.incidents']).toMatch(/Z$/);
    expect(JSON.parse(runs[0]!.settings).reporting_timezone).toBe('UTC');
    const everything = await warehouse.all<{ hits: number }>(
      `SELECT count(*) AS hits FROM (
         SELECT CAST(settings AS VARCHAR) AS t FROM sync_runs UNION ALL SELECT CAST(payload AS VARCHAR) FROM raw_pagerduty__incidents
         UNION ALL SELECT CAST(payload AS VARCHAR) FROM raw_pagerduty__log_entries UNION ALL SELECT CAST(payload AS VARCHAR) FROM dq_rejects)
       WHERE contains(t, $token)`,
      { token: sandbox.pagerduty.token },
    );
    expect(Number(everything[0]!.hits)).toBe(0);
  });
});
