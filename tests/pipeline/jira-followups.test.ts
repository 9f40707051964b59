import { TZDate } from '@date-fns/tz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  expectedIncidents,
  incidentKeyOfTicket,
  quarterStart,
  teamKeysByName,
  truths,
} from '../connectors/jira/truth-incidents.ts';
import {
  jiraSandboxConfig,
  openWarehouse,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const hour = 3_600_000;
const ms = (value: string | null) => (value === null ? null : Date.parse(value));

/** The first instant after the due day, in `zone`: completing before it is on time. */
function endOfDueDay(date: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d + 1, 0, 0, 0, 0, zone).getTime();
}

/** Local calendar month of an instant in `zone`, as YYYY-MM-01. */
function localMonth(at: Date, zone: string): string {
  const local = new TZDate(at.getTime(), zone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-01`;
}

type Counts = Record<string, number>;

/** Action items per (month of due date | month of creation without one) and team, from the ground truth. */
function expectedCompletion(sandbox: Sandbox, zone: string) {
  const { pd, jira } = truths(sandbox);
  const teams = teamKeysByName(pd);
  const now = sandbox.clock.now().getTime();
  const groups = new Map<string, Counts>();
  for (const item of jira.actionItems) {
    const month = item.dueDate ? `${item.dueDate.slice(0, 7)}-01` : localMonth(item.createdAt, zone);
    const key = `${month}|${teams.get(item.teamName) ?? 'unowned'}`;
    const g = groups.get(key) ?? { items: 0, due: 0, onTime: 0, late: 0, overdue: 0, notYetDue: 0, noDue: 0 };
    g.items! += 1;
    if (!item.dueDate) g.noDue! += 1;
    else {
      const end = endOfDueDay(item.dueDate, zone);
      g.due! += 1;
      if (item.completedAt && item.completedAt.getTime() < end) g.onTime! += 1;
      else if (item.completedAt) g.late! += 1;
      else if (end <= now) g.overdue! += 1;
      else g.notYetDue! += 1;
    }
    groups.set(key, g);
  }
  return groups;
}

async function actualCompletion(warehouse: Warehouse) {
  const rows = await warehouse.all<Record<string, number | string>>(
    `SELECT CAST(period_start AS VARCHAR) || '|' || team_key AS k, items, due, completed_on_time AS "onTime",
       completed_late AS late, open_overdue AS overdue, open_not_yet_due AS "notYetDue", no_due_date AS "noDue", on_time_rate
     FROM metric_action_item_completion
     WHERE period_grain = 'month' AND team_key <> '(all)' AND owner_person_key = '(all)'`,
  );
  return new Map(rows.map((r) => [String(r.k), r]));
}

function expectSameCompletion(
  actual: Map<string, Record<string, number | string>>,
  want: Map<string, Counts>,
) {
  expect([...actual.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [key, counts] of want) {
    const row = actual.get(key)!;
    for (const [name, value] of Object.entries(counts))
      expect(Number(row[name]), `${key} ${name}`).toBe(value);
    if (counts.due! > 0) expect(row.on_time_rate, key).toBeCloseTo(counts.onTime! / counts.due!, 9);
  }
}

describe('postmortems and action items from Jira, through jira.js', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;
  let path: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 7 });
    path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const result = await syncOnce(jiraSandboxConfig(sandbox, path), warehouse, sandbox, true);
    expect(result.status).toBe('succeeded');
  });

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  it('loads every postmortem with its incidents, completion and root cause', async () => {
    const { jira } = truths(sandbox);
    const incidentKey = incidentKeyOfTicket(jira);
    const rows = await warehouse.all<{
      ticket_key: string;
      incident_keys: string[];
      created_at: string;
      completed_at: string | null;
      root_cause: string | null;
      link_status: string;
    }>(
      'SELECT ticket_key, incident_keys, created_at, completed_at, root_cause, link_status FROM postmortems',
    );
    expect(rows.length).toBe(jira.postmortems.length);
    const byKey = new Map(rows.map((r) => [r.ticket_key, r]));
    for (const pm of jira.postmortems) {
      const row = byKey.get(pm.key)!;
      expect(ms(row.created_at), pm.key).toBe(pm.createdAt.getTime());
      expect(ms(row.completed_at), pm.key).toBe(pm.completedAt?.getTime() ?? null);
      expect(row.root_cause, pm.key).toBe(pm.rootCause);
      expect([...row.incident_keys].sort(), pm.key).toEqual(
        pm.incidentKeys.map((k) => incidentKey.get(k)!).sort(),
      );
      expect(row.link_status, pm.key).toBe('linked');
    }
  });

  it('loads every action item with its postmortem, owner, owning team now, due date and completion', async () => {
    const { pd, jira } = truths(sandbox);
    const teams = teamKeysByName(pd);
    // One person across systems: a Jira account that is a PagerDuty user (same email, any case) is that person.
    const personOf = new Map(
      jira.users.map((u) => [
        u.accountId,
        u.pagerdutyUser === null ? `jira:${u.accountId}` : `pagerduty:${pd.users[u.pagerdutyUser]!.id}`,
      ]),
    );
    const rows = await warehouse.all<{
      ticket_key: string;
      postmortem_key: string | null;
      owner_person_key: string | null;
      team_key: string;
      project_key: string;
      due_date: string | null;
      created_at: string;
      completed_at: string | null;
    }>('SELECT * FROM action_items');
    expect(rows.length).toBe(jira.actionItems.length);
    const byKey = new Map(rows.map((r) => [r.ticket_key, r]));
    // Some items moved to another team's project after they were filed: the row follows them.
    expect(jira.actionItems.some((i) => !i.key.startsWith(`${i.project}-`))).toBe(true);
    for (const item of jira.actionItems) {
      const row = byKey.get(item.key)!;
      expect(row.postmortem_key, item.key).toBe(`jira:${item.postmortemKey}`);
      expect(row.owner_person_key, item.key).toBe(
        item.assigneeAccountId ? personOf.get(item.assigneeAccountId) : null,
      );
      expect(row.team_key, item.key).toBe(teams.get(item.teamName));
      expect(row.project_key, item.key).toBe(item.project);
      expect(row.due_date, item.key).toBe(item.dueDate);
      expect(ms(row.created_at), item.key).toBe(item.createdAt.getTime());
      expect(ms(row.completed_at), item.key).toBe(item.completedAt?.getTime() ?? null);
    }
  });

  it('computes action-item completion per month of the due day and team equal to the ground truth', async () => {
    const want = expectedCompletion(sandbox, 'UTC');
    const totals = [...want.values()];
    for (const column of ['onTime', 'late', 'overdue', 'notYetDue', 'noDue'])
      expect(
        totals.some((g) => g[column]! > 0),
        column,
      ).toBe(true);
    expectSameCompletion(await actualCompletion(warehouse), want);
  });

  it('judges on-time by the end of the due day in the reporting time zone', async () => {
    const zone = 'Asia/Tokyo';
    const utc = expectedCompletion(sandbox, 'UTC');
    const tokyo = expectedCompletion(sandbox, zone);
    const onTime = (m: Map<string, Counts>) => [...m.values()].reduce((n, g) => n + g.onTime!, 0);
    // Items done at 20:00 UTC on their due day are on time in UTC and late in Tokyo.
    expect(onTime(tokyo)).toBeLessThan(onTime(utc));
    const result = await syncOnce(jiraSandboxConfig(sandbox, path, { timezone: zone }), warehouse, sandbox);
    expect(result.status).toBe('succeeded');
    expectSameCompletion(await actualCompletion(warehouse), tokyo);
    await syncOnce(jiraSandboxConfig(sandbox, path), warehouse, sandbox);
  });

  it('computes postmortem timeliness against the severity deadlines equal to the ground truth', async () => {
    const { pd, jira } = truths(sandbox);
    const now = sandbox.clock.now().getTime();
    const deadlineHours: Record<string, number> = { SEV1: 48, SEV2: 168 };
    const completedByTicket = new Map<string, number>();
    for (const pm of jira.postmortems) {
      if (!pm.completedAt) continue;
      for (const key of pm.incidentKeys)
        completedByTicket.set(
          key,
          Math.min(completedByTicket.get(key) ?? Infinity, pm.completedAt.getTime()),
        );
    }
    const reviewed = new Set(jira.postmortems.flatMap((pm) => pm.incidentKeys));
    const expectedStatus = new Map<string, string>();
    for (const incident of expectedIncidents(pd, jira)) {
      const hours = deadlineHours[incident.severity];
      if (hours === undefined || !incident.resolvedAt) continue;
      const deadline = incident.resolvedAt.getTime() + hours * hour;
      const done = incident.ticketKey ? completedByTicket.get(incident.ticketKey) : undefined;
      let status: string;
      if (done !== undefined) status = done <= deadline ? 'on_time' : 'late';
      else if (deadline > now) status = 'pending';
      else status = incident.ticketKey && reviewed.has(incident.ticketKey) ? 'overdue' : 'missing';
      expectedStatus.set(incident.incidentKey, status);
    }
    const rows = await warehouse.all<{ incident_key: string; compliance: string }>(
      'SELECT incident_key, compliance FROM postmortem_compliance',
    );
    expect(new Map(rows.map((r) => [r.incident_key, r.compliance]))).toEqual(expectedStatus);
    for (const status of ['on_time', 'late', 'missing'])
      expect([...expectedStatus.values()], status).toContain(status);

    const byGroup = new Map<string, { required: number; onTime: number; missing: number }>();
    for (const incident of expectedIncidents(pd, jira)) {
      const status = expectedStatus.get(incident.incidentKey);
      if (!status) continue;
      const key = `${quarterStart(incident.detectedAt)}|${incident.teamKey}|${incident.severity}`;
      const g = byGroup.get(key) ?? { required: 0, onTime: 0, missing: 0 };
      g.required += 1;
      if (status === 'on_time') g.onTime += 1;
      if (status === 'missing') g.missing += 1;
      byGroup.set(key, g);
    }
    const metric = await warehouse.all<{
      k: string;
      required: number;
      on_time: number;
      missing: number;
      rate: number;
    }>(
      `SELECT CAST(period_start AS VARCHAR) || '|' || team_key || '|' || severity AS k, CAST(required AS INTEGER) AS required,
         CAST(completed_on_time AS INTEGER) AS on_time, CAST(missing AS INTEGER) AS missing, on_time_rate AS rate
       FROM metric_postmortem_timeliness WHERE period_grain = 'quarter' AND team_key <> '(all)' AND severity <> '(all)'`,
    );
    expect(metric.map((m) => m.k).sort()).toEqual([...byGroup.keys()].sort());
    for (const row of metric) {
      const want = byGroup.get(row.k)!;
      expect([row.required, row.on_time, row.missing], row.k).toEqual([
        want.required,
        want.onTime,
        want.missing,
      ]);
      expect(row.rate, row.k).toBeCloseTo(want.onTime / want.required, 9);
    }
  });

  it('records the Jira settings with the run and writes no token anywhere', async () => {
    const [run] = await warehouse.all<{ settings: string }>(
      'SELECT CAST(settings AS VARCHAR) AS settings FROM sync_runs ORDER BY started_at DESC LIMIT 1',
    );
    const settings = JSON.parse(run!.settings);
    expect(settings.recurrence_window_days).toBe(90);
    expect(settings.postmortem_deadline_hours).toMatchObject({ SEV1: 48, SEV2: 168, SEV3: 336 });
    expect(settings.jira_scopes.incidents.projects).toEqual(['INC']);
    expect(settings.config.jira.apiToken).toBe('***');
    const mappings = await warehouse.all<{ n: number }>(
      "SELECT count(*) AS n FROM severity_mappings WHERE source = 'jira' AND source_value = 'sev1' AND severity = 'SEV1'",
    );
    expect(Number(mappings[0]!.n)).toBe(1);
    const hits = await warehouse.all<{ n: number }>(
      `SELECT count(*) AS n FROM (
         SELECT CAST(settings AS VARCHAR) AS t FROM sync_runs
         UNION ALL SELECT CAST(payload AS VARCHAR) FROM raw_jira__incidents
         UNION ALL SELECT CAST(payload AS VARCHAR) FROM raw_jira__action_items
         UNION ALL SELECT error FROM sync_run_streams) WHERE contains(t, $token)`,
      { token: sandbox.jira.apiToken },
    );
    expect(Number(hits[0]!.n)).toBe(0);
  });
});
