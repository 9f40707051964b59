-- depends: metric_durations
CREATE OR REPLACE VIEW metric_mttr AS
SELECT * EXCLUDE (measure) FROM metric_durations WHERE measure = 'resolve';
COMMENT ON VIEW metric_mttr IS 'MTTR: resolved_at - detected_at, over resolved incidents; per period of detected_at (week, month, quarter in the reporting time zone), team, service and severity. Rows where team_key, service_key or severity is (all) are roll-ups over that dimension. Team rows leave out external incidents (metrics.exclude_external_from_teams, default on) and count them in external_incidents; (all)-team rows include them.';
COMMENT ON COLUMN metric_mttr.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_mttr.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_mttr.team_key IS 'teams.team_key (point in time), or (all).';
COMMENT ON COLUMN metric_mttr.service_key IS 'services.service_key, (none) for Jira-only incidents, or (all).';
COMMENT ON COLUMN metric_mttr.severity IS 'SEV1..SEV4, unmapped when no mapping matched, or (all).';
COMMENT ON COLUMN metric_mttr.incidents IS 'Incidents in the group (external ones left out of team rows by default).';
COMMENT ON COLUMN metric_mttr.mean_minutes IS 'Mean of resolved_at - detected_at in minutes.';
COMMENT ON COLUMN metric_mttr.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_mttr.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
COMMENT ON COLUMN metric_mttr.weighted_mean_minutes IS 'Mean weighted by the business-impact weight of each incident''s severity (metrics.severity_weights, default 1 each: then equal to mean_minutes).';
COMMENT ON COLUMN metric_mttr.external_incidents IS 'External (third-party cause) incidents in the group: left out of team rows by default, included in (all)-team rows.';
