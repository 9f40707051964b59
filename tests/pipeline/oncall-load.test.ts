import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { PagerDutyTruth } from '../../src/sandbox/pagerduty/truth.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import { defaultRules, type ExpectedWeek, expectedLoad, type LoadRules } from '../helpers/oncall-load.ts';
import {
  dumpTable,
  minutesBetween,
  openWarehouse,
  quantile,
  sandboxConfig,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const loadColumns = `person_key, CAST(week_start AS VARCHAR) AS week_start, CAST(pages AS INTEGER) AS pages,
  CAST(interruptions AS INTEGER) AS interruptions, CAST(incidents AS INTEGER) AS incidents,
  CAST(business_hours_interruptions AS INTEGER) AS business_hours_interruptions,
  CAST(off_hours_interruptions AS INTEGER) AS off_hours_interruptions,
  CAST(sleep_hours_interruptions AS INTEGER) AS sleep_hours_interruptions, burnout, burnout_reason`;

async function actualLoad(warehouse: Warehouse): Promise<Map<string, ExpectedWeek>> {
  const rows = await warehouse.all<ExpectedWeek>(`SELECT ${loadColumns} FROM metric_oncall_load`);
  return new Map(rows.map((r) => [`${r.person_key}|${r.week_start}`, r]));
}

const quarterStart = (d: Date) =>
  `${d.getUTCFullYear()}-${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;

/** Per (quarter, team, severity): incidents, escalations and minutes to levels 2 and 3, from the truth. */
function expectedEscalations(truth: PagerDutyTruth) {
  const reached = new Map<string, Map<number, Date>>();
  for (const page of truth.pages) {
    if (page.entryType !== 'escalate' || page.escalationLevel === null) continue;
    const levels = reached.get(page.incidentId) ?? new Map<number, Date>();
    if (!levels.has(page.escalationLevel)) levels.set(page.escalationLevel, page.at);
    reached.set(page.incidentId, levels);
  }
  const groups = new Map<string, { incidents: number; level2: number[]; level3: number[] }>();
  for (const incident of truth.incidents) {
    const key = `${quarterStart(incident.createdAt)}|pagerduty:${incident.teamId}|${incident.severity}`;
    const group = groups.get(key) ?? { incidents: 0, level2: [], level3: [] };
    groups.set(key, group);
    group.incidents += 1;
    const levels = reached.get(incident.id);
    const at2 = levels?.get(2);
    const at3 = levels?.get(3);
    if (at2) group.level2.push(minutesBetween(incident.createdAt, at2));
    if (at3) group.level3.push(minutesBetween(incident.createdAt, at3));
  }
  return groups;
}

describe('on-call load from the sandbox: pages, interruptions, burnout, team spread, escalations', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;
  let truth: PagerDutyTruth;
  let path: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    truth = sandbox.pagerduty.truth();
    path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const result = await syncOnce(sandboxConfig(sandbox, path), warehouse, sandbox, true);
    expect(result.status).toBe('succeeded');
  });

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  it('loads one page per notification, assignment and escalation: exact people, times and levels', async () => {
    const rows = await warehouse.all<{
      person_key: string;
      paged_at: string;
      incident_key: string;
      kind: string;
      level: number | null;
    }>(
      'SELECT person_key, CAST(paged_at AS VARCHAR) AS paged_at, incident_key, kind, escalation_level AS level FROM pages',
    );
    const asKey = (person: string, at: number, incident: string, kind: string, level: number | null) =>
      `${person}|${at}|${incident}|${kind}|${level}`;
    const actual = rows
      .map((r) => asKey(r.person_key, Date.parse(r.paged_at), r.incident_key, r.kind, r.level))
      .sort();
    const expected = truth.pages
      .map((p) =>
        asKey(
          `pagerduty:${p.userId}`,
          p.at.getTime(),
          `pagerduty:${p.incidentId}`,
          p.kind,
          p.escalationLevel,
        ),
      )
      .sort();
    expect(actual).toEqual(expected);
    expect(new Set(truth.pages.map((p) => p.escalationLevel))).toEqual(new Set([1, 2, 3, null]));
  });

  it("takes each page's team from its incident (point-in-time ownership)", async () => {
    const mismatched = await warehouse.all(
      'SELECT p.page_key FROM pages AS p JOIN incidents AS i USING (incident_key) WHERE p.team_key IS DISTINCT FROM i.team_key OR p.ownership_rule IS DISTINCT FROM i.ownership_rule',
    );
    expect(mismatched).toEqual([]);
  });

  it('computes metric_oncall_load per person and week exactly as the ground truth says', async () => {
    const expected = expectedLoad(truth);
    const actual = await actualLoad(warehouse);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) expect(actual.get(key), key).toEqual(want);
  });

  it('flags the overloaded responder, who is paged far more than anyone else', async () => {
    const rows = await warehouse.all<{ person_key: string; pages: number; flagged: number; sleep: number }>(
      `SELECT person_key, CAST(sum(pages) AS INTEGER) AS pages, CAST(count(*) FILTER (WHERE burnout) AS INTEGER) AS flagged,
         CAST(sum(sleep_hours_interruptions) AS INTEGER) AS sleep
       FROM metric_oncall_load GROUP BY person_key ORDER BY pages DESC`,
    );
    const overloaded = `pagerduty:${truth.overloadedUserId}`;
    expect(rows[0]?.person_key).toBe(overloaded);
    expect(rows[0]!.pages).toBeGreaterThan(1.5 * rows[1]!.pages);
    expect(rows[0]!.flagged).toBeGreaterThan(0);
    const reasons = await warehouse.all<{ reason: string }>(
      'SELECT DISTINCT burnout_reason AS reason FROM metric_oncall_load WHERE person_key = $p AND burnout',
      { p: overloaded },
    );
    expect(reasons.map((r) => r.reason)).toContain('weekly_interruptions,sleep_interruptions');
  });

  it('shows the overloaded team as the most uneven rotation', async () => {
    const rows = await warehouse.all<{ team_key: string; gini: number }>(
      `SELECT team_key, avg(load_gini) AS gini FROM metric_oncall_team_load WHERE period_grain = 'quarter'
       GROUP BY team_key ORDER BY gini DESC`,
    );
    const [team] = await warehouse.all<{ team_key: string }>(
      'SELECT team_key FROM people WHERE person_key = $p',
      {
        p: `pagerduty:${truth.overloadedUserId}`,
      },
    );
    expect(rows[0]?.team_key).toBe(team?.team_key);
    const sums = await warehouse.all<{ bad: number }>(
      `SELECT count(*) AS bad FROM metric_oncall_team_load AS t
       WHERE t.interruptions <> (SELECT count(*) FILTER (WHERE starts_interruption) FROM pages AS p
         WHERE p.team_key = t.team_key AND t.period_grain = 'week'
           AND CAST(date_trunc('week', timezone('UTC', p.paged_at)) AS DATE) = t.period_start)
         AND t.period_grain = 'week'`,
    );
    expect(Number(sums[0]?.bad)).toBe(0);
    const bounds = await warehouse.all<{ bad: number }>(
      `SELECT count(*) AS bad FROM metric_oncall_team_load WHERE NOT (load_gini BETWEEN 0 AND 1)
         OR min_person_interruptions > max_person_interruptions OR oncall_people < 1`,
    );
    expect(Number(bounds[0]?.bad)).toBe(0);
  });

  it('reads every on-call shift: each first assignment went to the person on call at level 1', async () => {
    const [row] = await warehouse.all<{ pages: number; covered: number }>(
      `SELECT count(*) AS pages, count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM oncall_shifts AS s WHERE s.person_key = p.person_key AND s.escalation_level = 1
           AND s.team_key = p.team_key AND p.paged_at >= s.starts_at AND p.paged_at < s.ends_at)) AS covered
       FROM pages AS p WHERE p.log_entry_type = 'assign_log_entry' AND p.escalation_level = 1`,
    );
    expect(Number(row?.pages)).toBe(truth.incidents.length);
    expect(Number(row?.covered)).toBe(Number(row?.pages));
  });

  it('counts escalations past level 1 and times them per team, severity and quarter as the truth says', async () => {
    const expected = expectedEscalations(truth);
    const rows = await warehouse.all<{
      period_start: string;
      team_key: string;
      severity: string;
      incidents: number;
      escalated: number;
      level3: number;
      median2: number | null;
      p90_2: number | null;
      median3: number | null;
    }>(
      `SELECT CAST(period_start AS VARCHAR) AS period_start, team_key, severity, CAST(incidents AS INTEGER) AS incidents,
         CAST(escalated_past_level_1 AS INTEGER) AS escalated, CAST(reached_level_3 AS INTEGER) AS level3,
         median_minutes_to_level_2 AS median2, p90_minutes_to_level_2 AS p90_2, median_minutes_to_level_3 AS median3
       FROM metric_escalation_timing WHERE period_grain = 'quarter' AND team_key <> '(all)' AND severity <> '(all)'`,
    );
    const actual = new Map(rows.map((r) => [`${r.period_start}|${r.team_key}|${r.severity}`, r]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) {
      const got = actual.get(key)!;
      expect(got.incidents, key).toBe(want.incidents);
      expect(got.escalated, key).toBe(want.level2.length);
      expect(got.level3, key).toBe(want.level3.length);
      expect(got.median2, key).toBe(want.level2.length ? quantile(want.level2, 0.5) : null);
      expect(got.p90_2, key).toBe(want.level2.length ? quantile(want.level2, 0.9) : null);
      expect(got.median3, key).toBe(want.level3.length ? quantile(want.level3, 0.5) : null);
    }
    const escalatedInTruth = truth.incidents.filter((i) => i.escalations > 0).length;
    expect([...expected.values()].reduce((n, g) => n + g.level2.length, 0)).toBe(escalatedInTruth);
  });

  it('documents every table, view and column it adds', async () => {
    const names = [
      'pages',
      'oncall_shifts',
      'metric_oncall_load',
      'metric_oncall_team_load',
      'metric_escalation_timing',
    ];
    const list = names.map((n) => `'${n}'`).join(', ');
    const undocumented = await warehouse.all(
      `SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN (${list}) AND comment IS NULL`,
    );
    expect(undocumented).toEqual([]);
    const documented = await warehouse.all<{ name: string }>(
      `SELECT name FROM (SELECT table_name AS name, comment FROM duckdb_tables()
         UNION ALL SELECT view_name, comment FROM duckdb_views())
       WHERE name IN (${list}, 'raw_pagerduty__oncalls', 'stg_pagerduty__oncalls') AND comment IS NOT NULL`,
    );
    expect(documented.map((r) => r.name).sort()).toEqual(
      [...names, 'raw_pagerduty__oncalls', 'stg_pagerduty__oncalls'].sort(),
    );
  });

  it('re-syncing adds no duplicate pages or shifts and changes nothing', async () => {
    const before = {
      pages: await dumpTable(warehouse, 'pages'),
      shifts: await dumpTable(warehouse, 'oncall_shifts'),
      raw: await dumpTable(warehouse, 'raw_pagerduty__oncalls'),
    };
    const result = await syncOnce(sandboxConfig(sandbox, path), warehouse, sandbox);
    expect(result.status).toBe('succeeded');
    expect(await dumpTable(warehouse, 'pages')).toEqual(before.pages);
    expect(await dumpTable(warehouse, 'oncall_shifts')).toEqual(before.shifts);
    expect(await dumpTable(warehouse, 'raw_pagerduty__oncalls')).toEqual(before.raw);
    const [dupes] = await warehouse.all<{ n: number }>(
      'SELECT count(*) - count(DISTINCT page_key) AS n FROM pages',
    );
    expect(Number(dupes?.n)).toBe(0);
  });
});

/** The custom settings below, as the test computes with them. */
const customRules: LoadRules = {
  windowSeconds: 600,
  weeklyLimit: 5,
  sleepLimit: 4,
  business: { start: 9, end: 17 },
  sleep: { start: 0, end: 6 },
  reportingZone: 'Europe/Berlin',
};

describe('on-call settings change the figures', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const oncall = {
      burnoutWeeklyInterruptions: 5,
      burnoutSleepInterruptions: 4,
      interruptionWindowSeconds: 600,
      businessHours: { start: 9, end: 17 },
      sleepHours: { start: 0, end: 6 },
    };
    const config = sandboxConfig(sandbox, path, { timezone: 'Europe/Berlin', oncall });
    expect((await syncOnce(config, warehouse, sandbox, true)).status).toBe('succeeded');
  });

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  it('follows the configured window, hours, thresholds and reporting zone', async () => {
    const expected = expectedLoad(sandbox.pagerduty.truth(), customRules);
    const actual = await actualLoad(warehouse);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) expect(actual.get(key), key).toEqual(want);
    // The defaults would give other figures: the settings really are in force.
    expect(expectedLoad(sandbox.pagerduty.truth(), defaultRules)).not.toEqual(expected);
  });

  it('records the on-call settings with the run', async () => {
    const [run] = await warehouse.all<{ settings: string }>(
      'SELECT CAST(settings AS VARCHAR) AS settings FROM sync_runs ORDER BY started_at DESC LIMIT 1',
    );
    expect(JSON.parse(run!.settings).oncall).toEqual({
      burnout_weekly_interruptions: 5,
      burnout_sleep_interruptions: 4,
      interruption_window_seconds: 600,
      business_hours: { start: 9, end: 17 },
      sleep_hours: { start: 0, end: 6 },
    });
  });

  it('judges the hours of a person without a usable time zone in the reporting zone, and says so', async () => {
    const truth = sandbox.pagerduty.truth();
    const person = truth.overloadedUserId;
    await warehouse.run(
      `UPDATE raw_pagerduty__users SET payload = json_merge_patch(payload, '{"time_zone": "Mars/Olympus_Mons"}')
       WHERE source_id = $id`,
      { id: person },
    );
    await buildModels(warehouse);
    const zones = await warehouse.all<{ zone: string; basis: string }>(
      'SELECT DISTINCT person_time_zone AS zone, time_zone_basis AS basis FROM pages WHERE person_key = $p',
      { p: `pagerduty:${person}` },
    );
    expect(zones).toEqual([{ zone: 'Europe/Berlin', basis: 'reporting_timezone' }]);
    const users = truth.users.map((u) => (u.id === person ? { ...u, timeZone: 'Europe/Berlin' } : u));
    const expected = expectedLoad({ ...truth, users }, customRules);
    const actual = await actualLoad(warehouse);
    for (const [key, want] of expected) expect(actual.get(key), key).toEqual(want);
  });
});
