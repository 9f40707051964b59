CREATE OR REPLACE VIEW metric_mtta AS
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(i.team_key) = 1 THEN '(all)' ELSE i.team_key END AS team_key,
  CASE WHEN grouping(i.service_key) = 1 THEN '(all)' ELSE i.service_key END AS service_key,
  CASE WHEN grouping(i.severity) = 1 THEN '(all)' ELSE coalesce(i.severity, 'unmapped') END AS severity,
  count(*) AS incidents,
  avg(i.minutes_to_acknowledge) AS mean_minutes,
  quantile_cont(i.minutes_to_acknowledge, 0.5) AS median_minutes,
  quantile_cont(i.minutes_to_acknowledge, 0.9) AS p90_minutes
FROM incidents AS i
JOIN incident_periods AS p USING (incident_key)
WHERE i.minutes_to_acknowledge IS NOT NULL
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, i.team_key, i.service_key, i.severity),
  (p.period_grain, p.period_start, i.team_key, i.severity),
  (p.period_grain, p.period_start, i.team_key),
  (p.period_grain, p.period_start, i.severity),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_mtta IS 'MTTA: acknowledged_at - detected_at, over acknowledged incidents; per period of detected_at (week, month, quarter in the reporting time zone), team, service and severity. Rows where team_key, service_key or severity is (all) are roll-ups over that dimension.';
COMMENT ON COLUMN metric_mtta.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_mtta.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_mtta.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_mtta.service_key IS 'services.service_key, or (all).';
COMMENT ON COLUMN metric_mtta.severity IS 'SEV1..SEV4, unmapped when no mapping matched, or (all).';
COMMENT ON COLUMN metric_mtta.incidents IS 'Incidents in the group.';
COMMENT ON COLUMN metric_mtta.mean_minutes IS 'Mean of minutes_to_acknowledge.';
COMMENT ON COLUMN metric_mtta.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_mtta.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
