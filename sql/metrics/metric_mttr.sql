CREATE OR REPLACE VIEW metric_mttr AS
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(i.team_key) = 1 THEN '(all)' ELSE i.team_key END AS team_key,
  CASE WHEN grouping(i.service_key) = 1 THEN '(all)' ELSE i.service_key END AS service_key,
  CASE WHEN grouping(i.severity) = 1 THEN '(all)' ELSE coalesce(i.severity, 'unmapped') END AS severity,
  count(*) AS incidents,
  avg(i.minutes_to_resolve) AS mean_minutes,
  quantile_cont(i.minutes_to_resolve, 0.5) AS median_minutes,
  quantile_cont(i.minutes_to_resolve, 0.9) AS p90_minutes
FROM incidents AS i
JOIN incident_periods AS p USING (incident_key)
WHERE i.minutes_to_resolve IS NOT NULL
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, i.team_key, i.service_key, i.severity),
  (p.period_grain, p.period_start, i.team_key, i.severity),
  (p.period_grain, p.period_start, i.team_key),
  (p.period_grain, p.period_start, i.severity),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_mttr IS 'MTTR: resolved_at - detected_at, over resolved incidents; per period of detected_at (week, month, quarter in the reporting time zone), team, service and severity. Rows where team_key, service_key or severity is (all) are roll-ups over that dimension.';
COMMENT ON COLUMN metric_mttr.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_mttr.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_mttr.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_mttr.service_key IS 'services.service_key, or (all).';
COMMENT ON COLUMN metric_mttr.severity IS 'SEV1..SEV4, unmapped when no mapping matched, or (all).';
COMMENT ON COLUMN metric_mttr.incidents IS 'Incidents in the group.';
COMMENT ON COLUMN metric_mttr.mean_minutes IS 'Mean of minutes_to_resolve.';
COMMENT ON COLUMN metric_mttr.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_mttr.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
