CREATE OR REPLACE VIEW metric_durations AS
WITH d AS (
  SELECT d.*, p.period_grain, p.period_start
  FROM incident_durations AS d
  JOIN incident_periods AS p USING (incident_key)
),
-- Team rows leave external incidents out (counted in external_incidents instead); totals keep every incident.
per_team AS (
  SELECT
    measure,
    period_grain,
    period_start,
    team_key,
    CASE WHEN grouping(service_key) = 1 THEN '(all)' ELSE service_key END AS service_key,
    CASE WHEN grouping(severity) = 1 THEN '(all)' ELSE severity END AS severity,
    count(*) FILTER (WHERE counts_for_team) AS incidents,
    avg(minutes) FILTER (WHERE counts_for_team) AS mean_minutes,
    quantile_cont(minutes, 0.5) FILTER (WHERE counts_for_team) AS median_minutes,
    quantile_cont(minutes, 0.9) FILTER (WHERE counts_for_team) AS p90_minutes,
    sum(minutes * weight) FILTER (WHERE counts_for_team) / sum(weight) FILTER (WHERE counts_for_team)
      AS weighted_mean_minutes,
    count(*) FILTER (WHERE is_external) AS external_incidents
  FROM d
  GROUP BY GROUPING SETS (
    (measure, period_grain, period_start, team_key, service_key, severity),
    (measure, period_grain, period_start, team_key, severity),
    (measure, period_grain, period_start, team_key)
  )
),
totals AS (
  SELECT
    measure,
    period_grain,
    period_start,
    '(all)' AS team_key,
    '(all)' AS service_key,
    CASE WHEN grouping(severity) = 1 THEN '(all)' ELSE severity END AS severity,
    count(*) AS incidents,
    avg(minutes) AS mean_minutes,
    quantile_cont(minutes, 0.5) AS median_minutes,
    quantile_cont(minutes, 0.9) AS p90_minutes,
    sum(minutes * weight) / sum(weight) AS weighted_mean_minutes,
    count(*) FILTER (WHERE is_external) AS external_incidents
  FROM d
  GROUP BY GROUPING SETS ((measure, period_grain, period_start, severity), (measure, period_grain, period_start))
)
SELECT * FROM per_team
UNION ALL BY NAME
SELECT * FROM totals;
COMMENT ON VIEW metric_durations IS 'MTTR, MTTA and MTTD in one shape, by measure (resolve, acknowledge, detect); metric_mttr, metric_mtta and metric_mttd are its slices.';
COMMENT ON COLUMN metric_durations.measure IS 'resolve (MTTR), acknowledge (MTTA) or detect (MTTD).';
COMMENT ON COLUMN metric_durations.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_durations.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_durations.team_key IS 'teams.team_key (point in time), or (all).';
COMMENT ON COLUMN metric_durations.service_key IS 'services.service_key, (none) for Jira-only incidents, or (all).';
COMMENT ON COLUMN metric_durations.severity IS 'SEV1..SEV4, unmapped, or (all).';
COMMENT ON COLUMN metric_durations.incidents IS 'Incidents in the group (external ones left out of team rows by default).';
COMMENT ON COLUMN metric_durations.mean_minutes IS 'Mean duration in minutes.';
COMMENT ON COLUMN metric_durations.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_durations.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
COMMENT ON COLUMN metric_durations.weighted_mean_minutes IS 'Mean weighted by the business-impact weight of each incident''s severity.';
COMMENT ON COLUMN metric_durations.external_incidents IS 'External (third-party cause) incidents in the group.';
