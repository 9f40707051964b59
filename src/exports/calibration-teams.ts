import type { Warehouse } from '../warehouse/warehouse.ts';
import type { OncallAvailability } from './oncall-views.ts';
import type { Period } from './period.ts';

/** The period as UTC instants: local midnights of its first day and of the day after it, in the reporting zone. */
export const windowCte = `
zone AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
win AS (
  SELECT timezone(tz, CAST($start AS TIMESTAMP)) AS from_at, timezone(tz, CAST($end AS TIMESTAMP)) AS to_at FROM zone
)`;

/** On-call figures per team from the on-call views, or an empty relation of the same shape when absent. */
function oncallTeamCtes(available: OncallAvailability): string {
  const personLoad = available.personLoad
    ? `SELECT team_key, count(DISTINCT (person_key, week_start)) AS person_weeks, sum(pages) AS pages
       FROM metric_oncall_load
       WHERE week_start >= CAST($start AS DATE) AND week_start < CAST($end AS DATE) GROUP BY team_key`
    : 'SELECT CAST(NULL AS VARCHAR) AS team_key, CAST(NULL AS BIGINT) AS person_weeks, CAST(NULL AS BIGINT) AS pages WHERE false';
  const teamLoad = available.teamLoad
    ? `SELECT team_key, avg(interruptions_per_oncall_person) AS per_person
       FROM metric_oncall_team_load
       WHERE period_grain = 'week' AND period_start >= CAST($start AS DATE) AND period_start < CAST($end AS DATE)
       GROUP BY team_key`
    : 'SELECT CAST(NULL AS VARCHAR) AS team_key, CAST(NULL AS DOUBLE) AS per_person WHERE false';
  return `oncall AS (${personLoad}), oncall_team AS (${teamLoad})`;
}

const teamSql = (available: OncallAvailability) => `
WITH ${windowCte},
-- Team figures leave out what incidents.counts_for_team leaves out (external incidents, by default), as
-- metric_durations and metric_sla do; those are counted in external_incidents.
inc AS (
  SELECT i.team_key,
    count(*) FILTER (WHERE counts_for_team) AS incidents,
    count(*) FILTER (WHERE counts_for_team AND severity = 'SEV1') AS sev1,
    count(*) FILTER (WHERE counts_for_team AND severity = 'SEV2') AS sev2,
    count(*) FILTER (WHERE counts_for_team AND severity = 'SEV3') AS sev3,
    count(*) FILTER (WHERE counts_for_team AND severity = 'SEV4') AS sev4,
    count(*) FILTER (WHERE is_external) AS external,
    quantile_cont(minutes_to_acknowledge, 0.5) FILTER (WHERE counts_for_team) AS mtta_median,
    quantile_cont(minutes_to_acknowledge, 0.9) FILTER (WHERE counts_for_team) AS mtta_p90,
    quantile_cont(minutes_to_resolve, 0.5) FILTER (WHERE counts_for_team) AS mttr_median,
    quantile_cont(minutes_to_resolve, 0.9) FILTER (WHERE counts_for_team) AS mttr_p90
  FROM incidents AS i, win WHERE i.detected_at >= win.from_at AND i.detected_at < win.to_at
  GROUP BY i.team_key
),
sla AS (
  SELECT s.team_key,
    count(*) FILTER (WHERE counts_for_team AND sla_status <> 'pending') AS decided,
    count(*) FILTER (WHERE counts_for_team AND sla_status = 'met') AS met
  FROM incident_sla AS s, win WHERE s.detected_at >= win.from_at AND s.detected_at < win.to_at
  GROUP BY s.team_key
),
rec AS (
  SELECT r.team_key, count(*) FILTER (WHERE root_cause_key IS NOT NULL) AS known, count(*) FILTER (WHERE recurs) AS recurring
  FROM incident_recurrence AS r, win WHERE r.detected_at >= win.from_at AND r.detected_at < win.to_at
  GROUP BY r.team_key
),
ai AS (
  SELECT a.team_key,
    count(*) FILTER (WHERE due_at IS NOT NULL) AS due,
    count(*) FILTER (WHERE completed_at <= due_at) AS on_time,
    count(*) FILTER (WHERE due_at IS NULL) AS no_due
  FROM action_items AS a, win
  WHERE NOT coalesce(a.is_deleted, false)
    AND coalesce(a.due_at, a.created_at) >= win.from_at AND coalesce(a.due_at, a.created_at) < win.to_at
  GROUP BY a.team_key
),
pm AS (
  SELECT c.team_key, count(*) AS required, count(*) FILTER (WHERE compliance = 'on_time') AS on_time
  FROM postmortem_compliance AS c, win WHERE c.detected_at >= win.from_at AND c.detected_at < win.to_at
  GROUP BY c.team_key
),
-- One row per deploy (never per deploy x incident), as metric_change_failure_rate counts them.
live AS (
  SELECT d.team_key, d.deploy_key, count(l.incident_key) AS incidents
  FROM deploys AS d CROSS JOIN win LEFT JOIN incident_deploy_links AS l USING (deploy_key)
  WHERE d.is_production AND d.succeeded AND d.finished_at >= win.from_at AND d.finished_at < win.to_at
  GROUP BY ALL
),
cfr AS (SELECT team_key, count(*) AS deploys, count(*) FILTER (WHERE incidents > 0) AS failed FROM live GROUP BY team_key),
${oncallTeamCtes(available)}
SELECT
  $label AS period,
  t.team_key,
  t.name AS team,
  coalesce(inc.incidents, 0) AS incidents,
  coalesce(inc.sev1, 0) AS sev1_incidents,
  coalesce(inc.sev2, 0) AS sev2_incidents,
  coalesce(inc.sev3, 0) AS sev3_incidents,
  coalesce(inc.sev4, 0) AS sev4_incidents,
  coalesce(inc.external, 0) AS external_incidents,
  round(inc.mtta_median, 1) AS mtta_median_minutes,
  round(inc.mtta_p90, 1) AS mtta_p90_minutes,
  round(inc.mttr_median, 1) AS mttr_median_minutes,
  round(inc.mttr_p90, 1) AS mttr_p90_minutes,
  coalesce(sla.decided, 0) AS sla_incidents,
  coalesce(sla.met, 0) AS sla_within_target,
  round(sla.met / nullif(sla.decided, 0), 4) AS sla_attainment,
  coalesce(rec.recurring, 0) AS recurring_incidents,
  round(rec.recurring / nullif(rec.known, 0), 4) AS recurrence_rate,
  coalesce(ai.due, 0) AS action_items_due,
  coalesce(ai.on_time, 0) AS action_items_on_time,
  round(ai.on_time / nullif(ai.due, 0), 4) AS action_items_on_time_rate,
  coalesce(ai.no_due, 0) AS action_items_no_due_date,
  coalesce(pm.required, 0) AS postmortems_required,
  coalesce(pm.on_time, 0) AS postmortems_on_time,
  round(pm.on_time / nullif(pm.required, 0), 4) AS postmortem_on_time_rate,
  ${available.personLoad ? 'coalesce(oncall.person_weeks, 0)' : 'NULL'} AS oncall_person_weeks,
  round(oncall.pages / nullif(oncall.person_weeks, 0), 2) AS pages_per_oncall_person_week,
  round(oncall_team.per_person, 2) AS interruptions_per_oncall_person_week,
  coalesce(cfr.deploys, 0) AS production_deploys,
  coalesce(cfr.failed, 0) AS failed_deploys,
  round(cfr.failed / nullif(cfr.deploys, 0), 4) AS change_failure_rate
FROM teams AS t
LEFT JOIN inc USING (team_key)
LEFT JOIN sla USING (team_key)
LEFT JOIN rec USING (team_key)
LEFT JOIN ai USING (team_key)
LEFT JOIN pm USING (team_key)
LEFT JOIN cfr USING (team_key)
LEFT JOIN oncall USING (team_key)
LEFT JOIN oncall_team USING (team_key)
ORDER BY t.name, t.team_key`;

/** One row per team (unowned included) with its calibration figures for the period. */
export async function teamScorecards(
  warehouse: Warehouse,
  period: Period,
  available: OncallAvailability,
): Promise<Record<string, unknown>[]> {
  return warehouse.all(teamSql(available), { start: period.start, end: period.end, label: period.label });
}
