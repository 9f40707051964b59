CREATE OR REPLACE VIEW metric_change_failure_rate AS
WITH zone AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
-- One row per deploy (never per deploy x incident), so the rate cannot exceed 100 %.
live AS (
  SELECT
    d.deploy_key,
    d.team_key,
    d.service_key,
    d.rolled_back,
    timezone(zone.tz, d.finished_at) AS finished_local,
    count(l.incident_key) AS incidents,
    count(l.incident_key) FILTER (WHERE l.basis = 'explicit') AS explicit_incidents
  FROM deploys AS d
  CROSS JOIN zone
  LEFT JOIN incident_deploy_links AS l USING (deploy_key)
  WHERE d.is_production AND d.succeeded AND d.finished_at IS NOT NULL
  GROUP BY ALL
),
periods AS (
  SELECT live.*, g.grain, CAST(date_trunc(g.grain, finished_local) AS DATE) AS period_start
  FROM live, (VALUES ('week'), ('month'), ('quarter')) AS g(grain)
)
SELECT
  grain AS period_grain,
  period_start,
  CASE WHEN grouping(team_key) = 1 THEN '(all)' ELSE team_key END AS team_key,
  CASE WHEN grouping(service_key) = 1 THEN '(all)' ELSE coalesce(service_key, 'unmapped') END AS service_key,
  count(*) AS production_deploys,
  count(*) FILTER (WHERE incidents > 0) AS failed_deploys,
  count(*) FILTER (WHERE incidents > 0) / count(*) AS change_failure_rate,
  count(*) FILTER (WHERE explicit_incidents > 0) AS failed_deploys_explicit,
  sum(incidents) AS incidents,
  count(*) FILTER (WHERE rolled_back) AS rolled_back
FROM periods
GROUP BY GROUPING SETS (
  (grain, period_start, team_key, service_key),
  (grain, period_start, team_key),
  (grain, period_start)
);
COMMENT ON VIEW metric_change_failure_rate IS 'Change failure rate: successful production deploys with at least one incident attributed to them (incident_deploy_links: explicit or window) / successful production deploys, per service, team and period of the deploy''s finished_at (week, month, quarter in the reporting time zone). Counted per deploy, so never above 1. (all) rows are roll-ups.';
COMMENT ON COLUMN metric_change_failure_rate.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_change_failure_rate.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_change_failure_rate.team_key IS 'teams.team_key of the deploy''s service, unowned, or (all).';
COMMENT ON COLUMN metric_change_failure_rate.service_key IS 'services.service_key, unmapped, or (all).';
COMMENT ON COLUMN metric_change_failure_rate.production_deploys IS 'Successful production deploys that finished in the period (the denominator).';
COMMENT ON COLUMN metric_change_failure_rate.failed_deploys IS 'Of those, deploys with at least one incident attributed (the numerator).';
COMMENT ON COLUMN metric_change_failure_rate.change_failure_rate IS 'failed_deploys / production_deploys, between 0 and 1.';
COMMENT ON COLUMN metric_change_failure_rate.failed_deploys_explicit IS 'Of the failed deploys, those with an explicitly linked incident.';
COMMENT ON COLUMN metric_change_failure_rate.incidents IS 'Incidents attributed to those deploys (one incident is attributed to at most one deploy).';
COMMENT ON COLUMN metric_change_failure_rate.rolled_back IS 'Deploys of the period rolled back since (shown beside the rate, not part of it).';
