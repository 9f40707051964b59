CREATE OR REPLACE VIEW metric_mttd AS
WITH detection AS (
  SELECT *, date_diff('millisecond', impact_started_at, detected_at) / 60000.0 AS minutes_to_detect
  FROM incidents
  WHERE impact_started_at IS NOT NULL AND detected_at IS NOT NULL
)
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(i.team_key) = 1 THEN '(all)' ELSE i.team_key END AS team_key,
  CASE WHEN grouping(i.service_key) = 1 THEN '(all)' ELSE coalesce(i.service_key, '(none)') END AS service_key,
  CASE WHEN grouping(i.severity) = 1 THEN '(all)' ELSE coalesce(i.severity, 'unmapped') END AS severity,
  count(*) AS incidents,
  avg(i.minutes_to_detect) AS mean_minutes,
  quantile_cont(i.minutes_to_detect, 0.5) AS median_minutes,
  quantile_cont(i.minutes_to_detect, 0.9) AS p90_minutes
FROM detection AS i
JOIN incident_periods AS p USING (incident_key)
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, i.team_key, i.service_key, i.severity),
  (p.period_grain, p.period_start, i.team_key, i.severity),
  (p.period_grain, p.period_start, i.team_key),
  (p.period_grain, p.period_start, i.severity),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_mttd IS 'MTTD: detected_at - impact_started_at, over incidents where both are known (impact start comes from the Jira ticket); per period of detected_at (week, month, quarter in the reporting time zone), team, service and severity. Rows where team_key, service_key or severity is (all) are roll-ups over that dimension.';
COMMENT ON COLUMN metric_mttd.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_mttd.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_mttd.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_mttd.service_key IS 'services.service_key, (none) for incidents without a service (Jira-only), or (all).';
COMMENT ON COLUMN metric_mttd.severity IS 'SEV1..SEV4, unmapped when no mapping matched, or (all).';
COMMENT ON COLUMN metric_mttd.incidents IS 'Incidents in the group (those with both times known).';
COMMENT ON COLUMN metric_mttd.mean_minutes IS 'Mean of detected_at - impact_started_at in minutes.';
COMMENT ON COLUMN metric_mttd.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_mttd.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
