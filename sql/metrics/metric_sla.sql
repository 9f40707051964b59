CREATE OR REPLACE VIEW metric_sla AS
WITH s AS (
  SELECT s.*, p.period_grain, p.period_start
  FROM incident_sla AS s
  JOIN incident_periods AS p USING (incident_key)
),
-- Team rows leave external incidents out (counted in external_incidents instead); totals keep every incident.
per_team AS (
  SELECT
    period_grain,
    period_start,
    team_key,
    CASE WHEN grouping(service_key) = 1 THEN '(all)' ELSE coalesce(service_key, 'unmapped') END AS service_key,
    CASE WHEN grouping(severity) = 1 THEN '(all)' ELSE severity END AS severity,
    count(*) FILTER (WHERE counts_for_team AND sla_status <> 'pending') AS incidents,
    count(*) FILTER (WHERE counts_for_team AND sla_status = 'met') AS within_target,
    count(*) FILTER (WHERE counts_for_team AND sla_status = 'pending') AS pending,
    count(*) FILTER (WHERE is_external) AS external_incidents,
    CASE WHEN grouping(severity) = 0 THEN any_value(target_rule) END AS target_rule,
    CASE WHEN grouping(severity) = 0 AND any_value(target_rule) = 'minutes' THEN any_value(target_minutes) END
      AS target_minutes
  FROM s
  GROUP BY GROUPING SETS (
    (period_grain, period_start, team_key, service_key, severity),
    (period_grain, period_start, team_key, severity),
    (period_grain, period_start, team_key)
  )
),
totals AS (
  SELECT
    period_grain,
    period_start,
    '(all)' AS team_key,
    '(all)' AS service_key,
    CASE WHEN grouping(severity) = 1 THEN '(all)' ELSE severity END AS severity,
    count(*) FILTER (WHERE sla_status <> 'pending') AS incidents,
    count(*) FILTER (WHERE sla_status = 'met') AS within_target,
    count(*) FILTER (WHERE sla_status = 'pending') AS pending,
    count(*) FILTER (WHERE is_external) AS external_incidents,
    CASE WHEN grouping(severity) = 0 THEN any_value(target_rule) END AS target_rule,
    CASE WHEN grouping(severity) = 0 AND any_value(target_rule) = 'minutes' THEN any_value(target_minutes) END
      AS target_minutes
  FROM s
  GROUP BY GROUPING SETS ((period_grain, period_start, severity), (period_grain, period_start))
)
SELECT
  period_grain,
  period_start,
  team_key,
  service_key,
  severity,
  incidents,
  within_target,
  within_target / nullif(incidents, 0) AS attainment,
  pending,
  external_incidents,
  target_rule,
  target_minutes
FROM (SELECT * FROM per_team UNION ALL BY NAME SELECT * FROM totals);
COMMENT ON VIEW metric_sla IS 'SLA attainment: share of incidents mitigated (else resolved) within the target of their severity (incident_sla; sla.targets, default SEV1 60 min, SEV2 240 min, SEV3 1 business day, SEV4 none), per period of detected_at (week, month, quarter in the reporting time zone), team, service and severity. Rows where team_key, service_key or severity is (all) are roll-ups.';
COMMENT ON COLUMN metric_sla.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_sla.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_sla.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_sla.service_key IS 'services.service_key, unmapped (Jira-only incidents), or (all).';
COMMENT ON COLUMN metric_sla.severity IS 'SEV1..SEV4 (severities with a target only), or (all).';
COMMENT ON COLUMN metric_sla.incidents IS 'Incidents whose SLA is decided (met or missed); pending ones are not counted, nor on team rows external ones (metrics.exclude_external_from_teams, default on).';
COMMENT ON COLUMN metric_sla.within_target IS 'Of those, mitigated (else resolved) by their target time.';
COMMENT ON COLUMN metric_sla.attainment IS 'within_target / incidents (0..1); null when no incident is decided.';
COMMENT ON COLUMN metric_sla.external_incidents IS 'External (third-party cause) incidents in the group, decided or not: left out of team rows by default, counted in totals.';
COMMENT ON COLUMN metric_sla.pending IS 'Open incidents whose target time has not passed yet (the rate can still change).';
COMMENT ON COLUMN metric_sla.target_rule IS 'minutes or business_day for one severity; null on (all) severity rows.';
COMMENT ON COLUMN metric_sla.target_minutes IS 'The target in minutes for a minutes severity; null for business_day (it varies per incident, see incident_sla) and on (all) severity rows.';
