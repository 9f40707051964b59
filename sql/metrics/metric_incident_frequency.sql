CREATE OR REPLACE VIEW metric_incident_frequency AS
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(i.team_key) = 1 THEN '(all)' ELSE i.team_key END AS team_key,
  CASE WHEN grouping(i.severity) = 1 THEN '(all)' ELSE coalesce(i.severity, 'unmapped') END AS severity,
  count(*) AS incidents,
  count(*) FILTER (WHERE i.status = 'resolved') AS resolved,
  count(*) FILTER (WHERE i.status <> 'resolved') AS open
FROM incidents AS i
JOIN incident_periods AS p USING (incident_key)
WHERE p.period_grain IN ('week', 'month')
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, i.team_key, i.severity),
  (p.period_grain, p.period_start, i.team_key),
  (p.period_grain, p.period_start, i.severity),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_incident_frequency IS 'Incidents detected per team, severity and week or month (reporting time zone). Rows where team_key or severity is (all) are roll-ups.';
COMMENT ON COLUMN metric_incident_frequency.period_grain IS 'week (ISO, Monday) or month.';
COMMENT ON COLUMN metric_incident_frequency.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_incident_frequency.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_incident_frequency.severity IS 'SEV1..SEV4, unmapped, or (all).';
COMMENT ON COLUMN metric_incident_frequency.incidents IS 'Incidents detected in the period.';
COMMENT ON COLUMN metric_incident_frequency.resolved IS 'Of those, resolved now.';
COMMENT ON COLUMN metric_incident_frequency.open IS 'Of those, still open now.';
