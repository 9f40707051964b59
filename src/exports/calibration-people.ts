import type { Warehouse } from '../warehouse/warehouse.ts';
import { windowCte } from './calibration-teams.ts';
import type { OncallAvailability } from './oncall-views.ts';
import type { Period } from './period.ts';

function oncallPersonCte(available: OncallAvailability): string {
  return available.personLoad
    ? `oncall AS (
        SELECT person_key, count(DISTINCT week_start) AS weeks, sum(pages) AS pages, sum(sleep_hours_interruptions) AS night
        FROM metric_oncall_load
        WHERE week_start >= CAST($start AS DATE) AND week_start < CAST($end AS DATE) GROUP BY person_key)`
    : `oncall AS (SELECT CAST(NULL AS VARCHAR) AS person_key, CAST(NULL AS BIGINT) AS weeks,
        CAST(NULL AS BIGINT) AS pages, CAST(NULL AS BIGINT) AS night WHERE false)`;
}

const personSql = (available: OncallAvailability) => `
WITH ${windowCte},
-- A Jira user with the email of a PagerDuty user is that person: their action items and acks count once.
identity AS (
  SELECT 'jira:' || u.account_id AS source_key, min(p.person_key) AS person_key
  FROM stg_jira__users AS u JOIN people AS p ON lower(p.email) = lower(u.email)
  GROUP BY 1
),
items AS (
  SELECT coalesce(idn.person_key, a.owner_person_key) AS person_key, a.team_key, a.due_at, a.completed_at
  FROM action_items AS a CROSS JOIN win LEFT JOIN identity AS idn ON idn.source_key = a.owner_person_key
  WHERE a.owner_person_key IS NOT NULL AND NOT coalesce(a.is_deleted, false)
    AND coalesce(a.due_at, a.created_at) >= win.from_at AND coalesce(a.due_at, a.created_at) < win.to_at
),
ai AS (
  SELECT person_key, mode(team_key) AS team_key, count(*) AS owned,
    count(*) FILTER (WHERE due_at IS NOT NULL) AS due, count(*) FILTER (WHERE completed_at <= due_at) AS on_time
  FROM items GROUP BY person_key
),
ev AS (
  SELECT coalesce(idn.person_key, e.person_key) AS person_key,
    count(DISTINCT e.incident_key) FILTER (WHERE e.event_type = 'acknowledged') AS acknowledged,
    count(DISTINCT e.incident_key) FILTER (WHERE e.event_type = 'resolved') AS resolved
  FROM incident_events AS e JOIN incidents AS i USING (incident_key) CROSS JOIN win
  LEFT JOIN identity AS idn ON idn.source_key = e.person_key
  WHERE e.person_key IS NOT NULL AND i.detected_at >= win.from_at AND i.detected_at < win.to_at
  GROUP BY 1
),
${oncallPersonCte(available)},
persons AS (
  SELECT person_key, name, team_key FROM people
  UNION ALL
  -- Action-item owners known only to Jira or GitHub (a GitHub person is known by login alone).
  SELECT ai.person_key, coalesce(u.display_name, split_part(ai.person_key, ':', 2)) AS name, ai.team_key
  FROM ai LEFT JOIN stg_jira__users AS u ON 'jira:' || u.account_id = ai.person_key
  WHERE ai.person_key NOT IN (SELECT person_key FROM people)
)
SELECT
  $label AS period,
  p.name AS person,
  p.person_key,
  p.team_key,
  t.name AS team,
  ${available.personLoad ? 'coalesce(oncall.weeks, 0)' : 'NULL'} AS oncall_weeks,
  ${available.personLoad ? 'coalesce(oncall.pages, 0)' : 'NULL'} AS pages,
  ${available.personLoad ? 'coalesce(oncall.night, 0)' : 'NULL'} AS night_pages,
  coalesce(ev.acknowledged, 0) AS incidents_acknowledged,
  coalesce(ev.resolved, 0) AS incidents_resolved,
  coalesce(ai.owned, 0) AS action_items_owned,
  coalesce(ai.due, 0) AS action_items_due,
  coalesce(ai.on_time, 0) AS action_items_completed_on_time
FROM persons AS p
LEFT JOIN teams AS t USING (team_key)
LEFT JOIN ev USING (person_key)
LEFT JOIN ai USING (person_key)
LEFT JOIN oncall USING (person_key)
ORDER BY p.person_key`;

/** One row per person (PagerDuty people, and action-item owners only Jira or GitHub know) for the period. */
export async function personScorecards(
  warehouse: Warehouse,
  period: Period,
  available: OncallAvailability,
): Promise<Record<string, unknown>[]> {
  return warehouse.all(personSql(available), { start: period.start, end: period.end, label: period.label });
}
