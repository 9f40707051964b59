CREATE OR REPLACE VIEW metric_deploy_frequency AS
WITH zone AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
live AS (
  SELECT d.*, timezone(zone.tz, d.finished_at) AS finished_local
  FROM deploys AS d, zone
  WHERE d.is_production AND d.succeeded AND d.finished_at IS NOT NULL
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
  count(*) AS deploys,
  count(*) FILTER (WHERE rolled_back) AS rolled_back,
  count(DISTINCT repo) AS repos,
  -- Days in the period, so figures of whole weeks, months and quarters compare.
  count(*) / date_diff('day', min(period_start), max(period_start) + CAST('1 ' || grain AS INTERVAL)) AS deploys_per_day
FROM periods
GROUP BY GROUPING SETS (
  (grain, period_start, team_key, service_key),
  (grain, period_start, team_key),
  (grain, period_start)
);
COMMENT ON VIEW metric_deploy_frequency IS 'Deploy frequency: successful production deploys per service, team and period of finished_at (week, month, quarter in the reporting time zone). Rows where team_key or service_key is (all) are roll-ups. Periods without a deploy have no row.';
COMMENT ON COLUMN metric_deploy_frequency.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_deploy_frequency.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_deploy_frequency.team_key IS 'teams.team_key of the deploy''s service, unowned, or (all).';
COMMENT ON COLUMN metric_deploy_frequency.service_key IS 'services.service_key, unmapped when the repository maps to no service, or (all).';
COMMENT ON COLUMN metric_deploy_frequency.deploys IS 'Successful production deploys that finished in the period.';
COMMENT ON COLUMN metric_deploy_frequency.rolled_back IS 'Of those, rolled back since.';
COMMENT ON COLUMN metric_deploy_frequency.repos IS 'Repositories that deployed.';
COMMENT ON COLUMN metric_deploy_frequency.deploys_per_day IS 'deploys divided by the days in the period.';
