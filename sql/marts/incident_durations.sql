-- depends: incidents
CREATE OR REPLACE TABLE incident_durations AS
WITH measures AS (
  SELECT incident_key, 'resolve' AS measure, minutes_to_resolve AS minutes FROM incidents WHERE minutes_to_resolve IS NOT NULL
  UNION ALL
  SELECT incident_key, 'acknowledge', minutes_to_acknowledge FROM incidents WHERE minutes_to_acknowledge IS NOT NULL
  UNION ALL
  SELECT incident_key, 'detect', date_diff('millisecond', impact_started_at, detected_at) / 60000.0
  FROM incidents WHERE impact_started_at IS NOT NULL AND detected_at IS NOT NULL
)
SELECT
  m.incident_key,
  m.measure,
  m.minutes,
  i.team_key,
  coalesce(i.service_key, '(none)') AS service_key,
  coalesce(i.severity, 'unmapped') AS severity,
  i.is_external,
  coalesce(TRY_CAST(w.value AS DOUBLE), 1.0) AS weight,
  i.counts_for_team
FROM measures AS m
JOIN incidents AS i USING (incident_key)
LEFT JOIN settings AS w ON w.key = 'severity_weight.' || i.severity;
COMMENT ON TABLE incident_durations IS 'The durations behind MTTR, MTTA and MTTD, one row per incident and measure (resolve: resolved_at - detected_at; acknowledge: acknowledged_at - detected_at; detect: detected_at - impact_started_at), with the business-impact weight of its severity and whether it counts in team figures.';
COMMENT ON COLUMN incident_durations.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_durations.measure IS 'resolve, acknowledge or detect.';
COMMENT ON COLUMN incident_durations.minutes IS 'The duration in minutes.';
COMMENT ON COLUMN incident_durations.team_key IS 'The incident''s team (point in time).';
COMMENT ON COLUMN incident_durations.service_key IS 'The incident''s service; (none) for Jira-only incidents.';
COMMENT ON COLUMN incident_durations.severity IS 'SEV1..SEV4, or unmapped.';
COMMENT ON COLUMN incident_durations.is_external IS 'Third-party cause.';
COMMENT ON COLUMN incident_durations.weight IS 'Business-impact weight of the severity (setting metrics.severity_weights, default 1).';
COMMENT ON COLUMN incident_durations.counts_for_team IS 'False for external incidents while metrics.exclude_external_from_teams is on (the default): they count in totals only.';
