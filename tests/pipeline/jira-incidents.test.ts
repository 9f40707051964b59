import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildModels } from '../../src/pipeline/rebuild.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import { titleFingerprint } from '../../transforms/linking.ts';
import {
  type ExpectedIncident,
  expectedIncidents,
  quarterStart,
  truths,
} from '../connectors/jira/truth-incidents.ts';
import {
  jiraSandboxConfig,
  mean,
  minutesBetween,
  openWarehouse,
  quantile,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const day = 86_400_000;
const ms = (value: string | null) => (value === null ? null : Date.parse(value));

type IncidentRow = {
  incident_key: string;
  source: string;
  ticket_key: string | null;
  team_key: string;
  severity: string;
  detected_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  impact_started_at: string | null;
  mitigated_at: string | null;
  customer_severity: string | null;
  is_external: boolean;
  reopen_count: number;
  title: string | null;
};

describe('PagerDuty and Jira synced together through jira.js', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;
  let expected: ExpectedIncident[];
  let rows: Map<string, IncidentRow>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 7 });
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const result = await syncOnce(jiraSandboxConfig(sandbox, path), warehouse, sandbox, true);
    expect(result.status).toBe('succeeded');
    const { pd, jira } = truths(sandbox);
    expected = expectedIncidents(pd, jira);
    const all = await warehouse.all<IncidentRow>('SELECT * FROM incidents');
    rows = new Map(all.map((r) => [r.incident_key, r]));
  });

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  it('makes a ticket and the PagerDuty incident it tracks one incident, and keeps Jira-only incidents', async () => {
    expect(rows.size).toBe(expected.length);
    const { jira } = truths(sandbox);
    expect(jira.incidents.some((t) => t.linkBasis === 'label')).toBe(true);
    expect(jira.incidents.some((t) => t.pagerdutyIncidentId === null)).toBe(true);
    for (const want of expected) {
      const row = rows.get(want.incidentKey);
      expect(row, want.incidentKey).toBeDefined();
      expect(row!.ticket_key, want.incidentKey).toBe(want.ticketKey);
      expect(row!.source, want.incidentKey).toBe(want.incidentKey.startsWith('jira:') ? 'jira' : 'pagerduty');
    }
    const links = await warehouse.all<{ ticket_key: string; link_basis: string | null; link_status: string }>(
      'SELECT ticket_key, link_basis, link_status FROM incident_links',
    );
    const byTicket = new Map(links.map((l) => [l.ticket_key, l]));
    for (const ticket of jira.incidents) {
      expect(byTicket.get(ticket.key)?.link_basis, ticket.key).toBe(ticket.linkBasis);
      expect(byTicket.get(ticket.key)?.link_status, ticket.key).toBe(
        ticket.pagerdutyIncidentId ? 'linked' : 'jira_only',
      );
    }
  });

  it('takes impact start, mitigation, customer severity and external cause from the ticket', () => {
    for (const want of expected) {
      const row = rows.get(want.incidentKey)!;
      expect(ms(row.impact_started_at), want.incidentKey).toBe(want.impactStartedAt?.getTime() ?? null);
      expect(ms(row.mitigated_at), want.incidentKey).toBe(want.mitigatedAt?.getTime() ?? null);
      expect(row.customer_severity, want.incidentKey).toBe(want.customerSeverity);
      expect(row.is_external, want.incidentKey).toBe(want.isExternal);
      expect(row.severity, want.incidentKey).toBe(want.severity);
      expect(row.team_key, want.incidentKey).toBe(want.teamKey);
    }
  });

  it('gives Jira-only incidents their timeline from the complete status history', async () => {
    const { jira } = truths(sandbox);
    for (const ticket of jira.incidents.filter((t) => t.pagerdutyIncidentId === null)) {
      const row = rows.get(`jira:${ticket.key}`)!;
      expect(ms(row.detected_at), ticket.key).toBe(ticket.createdAt.getTime());
      expect(ms(row.acknowledged_at), ticket.key).toBe(ticket.firstInProgressAt?.getTime() ?? null);
      expect(ms(row.resolved_at), ticket.key).toBe(ticket.resolvedAt?.getTime() ?? null);
      expect(row.reopen_count, ticket.key).toBe(ticket.reopenCount);
    }
    const events = await warehouse.all<{ n: number }>(
      "SELECT count(*) AS n FROM incident_events WHERE incident_key LIKE 'jira:%' AND event_type = 'triggered'",
    );
    expect(Number(events[0]!.n)).toBe(jira.incidents.filter((t) => t.pagerdutyIncidentId === null).length);
  });

  it('keeps every status change, including histories beyond the 40 the search embeds', async () => {
    const { jira } = truths(sandbox);
    const counted = await warehouse.all<{ issue_key: string; n: number }>(
      "SELECT issue_key, count(*) AS n FROM stg_jira__status_changes WHERE scope = 'incidents' GROUP BY issue_key",
    );
    const byKey = new Map(counted.map((c) => [c.issue_key, Number(c.n)]));
    expect(jira.incidents.filter((t) => t.statusChanges > 40).length).toBeGreaterThan(0);
    for (const ticket of jira.incidents)
      expect(byKey.get(ticket.key) ?? 0, ticket.key).toBe(ticket.statusChanges);
  });

  it('computes MTTD per quarter, team and severity equal to the ground truth, external causes out of team rows', async () => {
    const groups = new Map<string, number[]>();
    const externals = new Map<string, number>();
    for (const want of expected) {
      if (!want.impactStartedAt) continue;
      const key = `${quarterStart(want.detectedAt)}|${want.teamKey}|${want.severity}`;
      // metrics.md: a third-party cause is excluded from team accountability figures, shown in its own column.
      if (want.isExternal) externals.set(key, (externals.get(key) ?? 0) + 1);
      const values = groups.get(key) ?? [];
      if (!want.isExternal) values.push(minutesBetween(want.impactStartedAt, want.detectedAt));
      groups.set(key, values);
    }
    expect(groups.size).toBeGreaterThan(0);
    expect(externals.size).toBeGreaterThan(0);
    const actual = await warehouse.all<{
      k: string;
      incidents: number;
      external_incidents: number;
      mean_minutes: number;
      median_minutes: number;
      p90_minutes: number;
    }>(
      `SELECT CAST(period_start AS VARCHAR) || '|' || team_key || '|' || severity AS k, CAST(incidents AS INTEGER) AS incidents,
         mean_minutes, median_minutes, p90_minutes, CAST(external_incidents AS INTEGER) AS external_incidents
       FROM metric_mttd WHERE period_grain = 'quarter' AND service_key = '(all)' AND team_key <> '(all)' AND severity <> '(all)'`,
    );
    expect(actual.map((a) => a.k).sort()).toEqual([...groups.keys()].sort());
    for (const row of actual) {
      const values = groups.get(row.k)!;
      expect(row.incidents, row.k).toBe(values.length);
      expect(row.external_incidents, row.k).toBe(externals.get(row.k) ?? 0);
      if (values.length === 0) continue;
      expect(row.mean_minutes, row.k).toBeCloseTo(mean(values), 6);
      expect(row.median_minutes, row.k).toBeCloseTo(quantile(values, 0.5), 6);
      expect(row.p90_minutes, row.k).toBeCloseTo(quantile(values, 0.9), 6);
    }
  });

  it('finds recurrences on the postmortem root cause, else on the service + title fingerprint', async () => {
    const recurrence = await warehouse.all<{
      incident_key: string;
      recurrence_basis: string;
      recurs: boolean;
      root_cause_key: string;
    }>('SELECT incident_key, recurrence_basis, recurs, root_cause_key FROM incident_recurrence');
    expect(recurrence.length).toBe(expected.length);
    // The Jira truth has no ticket summaries: the title of a Jira-only incident is read back from the warehouse.
    const keyOf = (want: ExpectedIncident) =>
      want.rootCause
        ? `postmortem:${want.rootCause.toLowerCase()}`
        : `fingerprint:${want.serviceId ?? '-'}|${titleFingerprint(want.title ?? rows.get(want.incidentKey)!.title)}`;
    const recurs = (want: ExpectedIncident) =>
      expected.some(
        (other) =>
          keyOf(other) === keyOf(want) &&
          other.detectedAt < want.detectedAt &&
          other.detectedAt.getTime() >= want.detectedAt.getTime() - 90 * day,
      );
    const byKey = new Map(recurrence.map((r) => [r.incident_key, r]));
    for (const want of expected) {
      const row = byKey.get(want.incidentKey)!;
      expect(row.recurrence_basis, want.incidentKey).toBe(want.rootCause ? 'postmortem' : 'fingerprint');
      if (want.rootCause) expect(row.root_cause_key).toBe(want.rootCause.toLowerCase());
      expect(row.recurs, want.incidentKey).toBe(recurs(want));
    }
    const groups = new Map<string, { incidents: number; recurring: number }>();
    for (const want of expected) {
      const key = `${quarterStart(want.detectedAt)}|${want.teamKey}`;
      const g = groups.get(key) ?? { incidents: 0, recurring: 0 };
      g.incidents += 1;
      if (recurs(want)) g.recurring += 1;
      groups.set(key, g);
    }
    const metric = await warehouse.all<{
      k: string;
      incidents: number;
      recurring: number;
      recurrence_rate: number;
    }>(
      `SELECT CAST(period_start AS VARCHAR) || '|' || team_key AS k, CAST(incidents AS INTEGER) AS incidents,
         CAST(recurring AS INTEGER) AS recurring, recurrence_rate
       FROM metric_recurrence WHERE period_grain = 'quarter' AND team_key <> '(all)' AND recurrence_basis = '(all)'`,
    );
    expect(metric.map((m) => m.k).sort()).toEqual([...groups.keys()].sort());
    for (const row of metric) {
      const want = groups.get(row.k)!;
      expect(row.incidents, row.k).toBe(want.incidents);
      expect(row.recurring, row.k).toBe(want.recurring);
      expect(row.recurrence_rate, row.k).toBeCloseTo(want.recurring / want.incidents, 9);
    }
  });

  it('counts external incidents in totals, weights severities by configuration, and can keep externals in team rows', async () => {
    const known = expected.filter((w) => w.impactStartedAt);
    const minutes = (w: ExpectedIncident) => minutesBetween(w.impactStartedAt!, w.detectedAt);
    const weights = { SEV1: 8, SEV2: 4, SEV3: 2, SEV4: 1 } as const;
    const config = jiraSandboxConfig(sandbox, warehouse.path, {
      metrics: { severityWeights: weights, excludeExternalFromTeams: false },
    });
    await rebuildModels(warehouse, config);
    try {
      const [total] = await warehouse.all<{
        incidents: number;
        external: number;
        mean: number;
        weighted: number;
      }>(
        `SELECT CAST(sum(incidents) AS INTEGER) AS incidents, CAST(sum(external_incidents) AS INTEGER) AS external,
           sum(mean_minutes * incidents) / sum(incidents) AS mean, sum(weighted_mean_minutes * incidents) AS weighted
         FROM metric_mttd WHERE period_grain = 'quarter' AND team_key = '(all)' AND severity = '(all)'`,
      );
      expect(total!.incidents).toBe(known.length);
      expect(total!.external).toBe(known.filter((w) => w.isExternal).length);
      expect(total!.mean).toBeCloseTo(mean(known.map(minutes)), 6);
      const [teams] = await warehouse.all<{ incidents: number }>(
        `SELECT CAST(sum(incidents) AS INTEGER) AS incidents FROM metric_mttd
         WHERE period_grain = 'quarter' AND team_key <> '(all)' AND service_key = '(all)' AND severity = '(all)'`,
      );
      expect(teams!.incidents).toBe(known.length);
      const weight = (w: ExpectedIncident) => weights[w.severity as keyof typeof weights] ?? 1;
      const byQuarter = new Map<string, ExpectedIncident[]>();
      for (const w of known)
        byQuarter.set(quarterStart(w.detectedAt), [...(byQuarter.get(quarterStart(w.detectedAt)) ?? []), w]);
      const rows = await warehouse.all<{ q: string; weighted: number }>(
        `SELECT CAST(period_start AS VARCHAR) AS q, weighted_mean_minutes AS weighted FROM metric_mttd
         WHERE period_grain = 'quarter' AND team_key = '(all)' AND severity = '(all)'`,
      );
      for (const row of rows) {
        const group = byQuarter.get(row.q)!;
        const want =
          group.reduce((a, w) => a + minutes(w) * weight(w), 0) / group.reduce((a, w) => a + weight(w), 0);
        expect(row.weighted, row.q).toBeCloseTo(want, 6);
      }
    } finally {
      await rebuildModels(warehouse, jiraSandboxConfig(sandbox, warehouse.path));
    }
  });

  it('documents every new table, view and column an analyst reads', async () => {
    const undocumented = await warehouse.all<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM duckdb_columns()
       WHERE table_name IN ('incidents', 'incident_events', 'incident_links', 'postmortems', 'postmortem_incidents',
         'action_items', 'incident_recurrence', 'postmortem_compliance', 'dq_jira_findings', 'metric_recurrence',
         'metric_action_item_completion', 'metric_postmortem_timeliness', 'metric_mttd') AND comment IS NULL`,
    );
    expect(undocumented).toEqual([]);
    const tables = await warehouse.all<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables() WHERE (table_name LIKE 'raw_jira__%' OR table_name IN ('postmortems', 'action_items')) AND comment IS NULL
       UNION ALL SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'stg_jira__%' AND comment IS NULL`,
    );
    expect(tables).toEqual([]);
  });
});
