CREATE OR REPLACE VIEW metric_failed_deploy_recovery AS
WITH zone AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
-- A failed deploy is recovered when every incident attributed to it is resolved: minutes from the deploy
-- (its finish) to the last of those resolutions.
failed AS (
  SELECT
    d.deploy_key,
    d.team_key,
    d.service_key,
    timezone(zone.tz, d.finished_at) AS finished_local,
    count(*) AS incidents,
    count(*) FILTER (WHERE i.resolved_at IS NULL) AS open_incidents,
    date_diff('millisecond', d.finished_at, max(i.resolved_at)) / 60000.0 AS recovery_minutes
  FROM deploys AS d
  CROSS JOIN zone
  JOIN incident_deploy_links AS l USING (deploy_key)
  JOIN incidents AS i ON i.incident_key = l.incident_key
  WHERE d.is_production AND d.succeeded AND d.finished_at IS NOT NULL
  GROUP BY d.deploy_key, d.team_key, d.service_key, d.finished_at, zone.tz
),
periods AS (
  SELECT
    failed.*,
    CASE WHEN open_incidents = 0 THEN recovery_minutes END AS minutes,
    g.grain,
    CAST(date_trunc(g.grain, finished_local) AS DATE) AS period_start
  FROM failed, (VALUES ('week'), ('month'), ('quarter')) AS g(grain)
)
SELECT
  grain AS period_grain,
  period_start,
  CASE WHEN grouping(team_key) = 1 THEN '(all)' ELSE team_key END AS team_key,
  CASE WHEN grouping(service_key) = 1 THEN '(all)' ELSE coalesce(service_key, 'unmapped') END AS service_key,
  count(*) AS failed_deploys,
  count(minutes) AS recovered,
  count(*) - count(minutes) AS not_recovered,
  avg(minutes) AS mean_minutes,
  quantile_cont(minutes, 0.5) AS median_minutes,
  quantile_cont(minutes, 0.9) AS p90_minutes
FROM periods
GROUP BY GROUPING SETS (
  (grain, period_start, team_key, service_key),
  (grain, period_start, team_key),
  (grain, period_start)
);
COMMENT ON VIEW metric_failed_deploy_recovery IS 'Failed deploy recovery time: for production deploys that caused an incident (incident_deploy_links), minutes from the deploy finishing to the resolution of the incident it caused (the last one, if several), per service, team and period of the deploy (week, month, quarter in the reporting time zone). (all) rows are roll-ups.';
COMMENT ON COLUMN metric_failed_deploy_recovery.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_failed_deploy_recovery.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_failed_deploy_recovery.team_key IS 'teams.team_key of the deploy''s service, unowned, or (all).';
COMMENT ON COLUMN metric_failed_deploy_recovery.service_key IS 'services.service_key, unmapped, or (all).';
COMMENT ON COLUMN metric_failed_deploy_recovery.failed_deploys IS 'Deploys that finished in the period and caused at least one incident.';
COMMENT ON COLUMN metric_failed_deploy_recovery.recovered IS 'Of those, deploys whose incidents are all resolved.';
COMMENT ON COLUMN metric_failed_deploy_recovery.not_recovered IS 'Of those, deploys with an incident still open (not in the figures).';
COMMENT ON COLUMN metric_failed_deploy_recovery.mean_minutes IS 'Mean recovery minutes of the recovered deploys.';
COMMENT ON COLUMN metric_failed_deploy_recovery.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_failed_deploy_recovery.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
