import { windowCte } from '../exports/calibration-teams.ts';
import { hasRelation } from '../exports/oncall-views.ts';
import type { Period } from '../exports/period.ts';
import type { JsonRow, Warehouse } from '../warehouse/warehouse.ts';

/** The data behind each chart of the report, read from metric views and marts only. */
export interface ReportData {
  trendGrain: 'week' | 'month';
  mttr: JsonRow[];
  mtta: JsonRow[];
  recurrence: JsonRow[];
  actionItems: JsonRow[];
  pagesHeatmap: JsonRow[];
  /** Interruptions per on-call person per team and week; null when metric_oncall_team_load is not in the warehouse. */
  oncallTeamLoad: JsonRow[] | null;
  deploys: JsonRow[];
  summary: JsonRow | undefined;
  lastRun: JsonRow | undefined;
}

/** A year is shown month by month; anything shorter week by week. */
const trendGrainOf = (period: Period) => (period.grain === 'year' ? 'month' : 'week');

/** Per team and trend period: median and p90 of a metric_mttr-shaped view, all services and severities. */
const trendSql = (view: string) => `
SELECT CAST(m.period_start AS VARCHAR) AS period_start, coalesce(t.name, m.team_key) AS team,
  m.incidents, m.median_minutes, m.p90_minutes
FROM ${view} AS m LEFT JOIN teams AS t USING (team_key)
WHERE m.period_grain = $grain AND m.team_key <> '(all)' AND m.service_key = '(all)' AND m.severity = '(all)'
  AND m.period_start >= CAST($start AS DATE) AND m.period_start < CAST($end AS DATE)
ORDER BY 1, 2`;

const recurrenceSql = `
SELECT CAST(m.period_start AS VARCHAR) AS period_start, coalesce(t.name, m.team_key) AS team,
  m.incidents, m.recurring, m.recurrence_rate
FROM metric_recurrence AS m LEFT JOIN teams AS t USING (team_key)
WHERE m.period_grain = $grain AND m.team_key <> '(all)' AND m.recurrence_basis = '(all)'
  AND m.period_start >= CAST($start AS DATE) AND m.period_start < CAST($end AS DATE)
ORDER BY 1, 2`;

/** Action items due in the period, per team and outcome (as metric_action_item_completion counts them). */
const actionItemsSql = `
WITH ${windowCte},
as_of AS (SELECT coalesce((SELECT max(started_at) FROM sync_runs), now()) AS at),
items AS (
  SELECT coalesce(t.name, a.team_key) AS team,
    CASE
      WHEN a.completed_at <= a.due_at THEN 'completed on time'
      WHEN a.completed_at > a.due_at THEN 'completed late'
      WHEN a.due_at < as_of.at THEN 'open, overdue'
      ELSE 'open, not yet due'
    END AS outcome
  FROM action_items AS a CROSS JOIN win CROSS JOIN as_of LEFT JOIN teams AS t USING (team_key)
  WHERE NOT coalesce(a.is_deleted, false) AND a.due_at >= win.from_at AND a.due_at < win.to_at
)
SELECT team, outcome, count(*) AS items FROM items GROUP BY ALL ORDER BY 1, 2`;

/** Pages (notified events) by local weekday and hour in the reporting zone: when on-call people are woken. */
const pagesHeatmapSql = `
WITH ${windowCte},
pages AS (
  SELECT timezone(zone.tz, e.occurred_at) AS local_at
  FROM incident_events AS e CROSS JOIN win CROSS JOIN zone
  WHERE e.event_type = 'notified' AND e.occurred_at >= win.from_at AND e.occurred_at < win.to_at
)
SELECT isodow(local_at) AS weekday_number, strftime(local_at, '%a') AS weekday, hour(local_at) AS hour, count(*) AS pages
FROM pages GROUP BY ALL ORDER BY 1, 3`;

/** Successful production deploys and those that caused an incident, per trend period of finished_at. */
const deploysSql = `
WITH ${windowCte},
live AS (
  SELECT d.deploy_key, CAST(date_trunc($grain, timezone(zone.tz, d.finished_at)) AS DATE) AS period_start,
    count(l.incident_key) AS incidents
  FROM deploys AS d CROSS JOIN win CROSS JOIN zone LEFT JOIN incident_deploy_links AS l USING (deploy_key)
  WHERE d.is_production AND d.succeeded AND d.finished_at >= win.from_at AND d.finished_at < win.to_at
  GROUP BY ALL
)
SELECT CAST(period_start AS VARCHAR) AS period_start, count(*) AS deploys, count(*) FILTER (WHERE incidents > 0) AS failed
FROM live GROUP BY 1 ORDER BY 1`;

const oncallTeamLoadSql = `
SELECT CAST(m.period_start AS VARCHAR) AS period_start, coalesce(t.name, m.team_key) AS team,
  CAST(m.interruptions_per_oncall_person AS DOUBLE) AS interruptions_per_oncall_person
FROM metric_oncall_team_load AS m LEFT JOIN teams AS t USING (team_key)
WHERE m.period_grain = 'week' AND m.period_start >= CAST($start AS DATE) AND m.period_start < CAST($end AS DATE)
ORDER BY 1, 2`;

const summarySql = `
WITH ${windowCte},
inc AS (
  SELECT count(*) AS incidents,
    quantile_cont(minutes_to_acknowledge, 0.5) AS mtta_median,
    quantile_cont(minutes_to_resolve, 0.5) AS mttr_median
  FROM incidents AS i, win WHERE i.detected_at >= win.from_at AND i.detected_at < win.to_at
),
sla AS (
  SELECT count(*) FILTER (WHERE sla_status = 'met') / nullif(count(*) FILTER (WHERE sla_status <> 'pending'), 0)
    AS sla_attainment
  FROM incident_sla AS s, win WHERE s.detected_at >= win.from_at AND s.detected_at < win.to_at
)
SELECT inc.*, sla.sla_attainment, zone.tz AS timezone FROM inc, sla, zone`;

export async function loadReportData(warehouse: Warehouse, period: Period): Promise<ReportData> {
  const grain = trendGrainOf(period);
  const window = { start: period.start, end: period.end };
  const trendParams = { ...window, grain };
  return {
    trendGrain: grain,
    mttr: await warehouse.all(trendSql('metric_mttr'), trendParams),
    mtta: await warehouse.all(trendSql('metric_mtta'), trendParams),
    recurrence: await warehouse.all(recurrenceSql, trendParams),
    actionItems: await warehouse.all(actionItemsSql, window),
    pagesHeatmap: await warehouse.all(pagesHeatmapSql, window),
    oncallTeamLoad: (await hasRelation(warehouse, 'metric_oncall_team_load'))
      ? await warehouse.all(oncallTeamLoadSql, window)
      : null,
    deploys: await warehouse.all(deploysSql, trendParams),
    summary: await warehouse.one(summarySql, window),
    lastRun: await warehouse.one(
      "SELECT sync_run_id, CAST(finished_at AS VARCHAR) AS finished_at, status FROM sync_runs WHERE status IN ('succeeded', 'partial') ORDER BY started_at DESC LIMIT 1",
    ),
  };
}
