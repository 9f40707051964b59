-- depends: metric_durations
CREATE OR REPLACE VIEW metric_mttd AS
SELECT * EXCLUDE (measure) FROM metric_durations WHERE measure = 'detect';
COMMENT ON VIEW metric_mttd IS 'MTTD: detected_at - impact_started_at, over incidents where both are known; per period of detected_at (week, month, quarter in the reporting time zone), team, service and severity. Rows where team_key, service_key or severity is (all) are roll-ups over that dimension. Team rows leave out external incidents (metrics.exclude_external_from_teams, default on) and count them in external_incidents; (all)-team rows include them.';
COMMENT ON COLUMN metric_mttd.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_mttd.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_mttd.team_key IS 'teams.team_key (point in time), or (all).';
COMMENT ON COLUMN metric_mttd.service_key IS 'services.service_key, (none) for Jira-only incidents, or (all).';
COMMENT ON COLUMN metric_mttd.severity IS 'SEV1..SEV4, unmapped when no mapping matched, or (all).';
COMMENT ON COLUMN metric_mttd.incidents IS 'Incidents in the group (external ones left out of team rows by default).';
COMMENT ON COLUMN metric_mttd.mean_minutes IS 'Mean of detected_at - impact_started_at in minutes.';
COMMENT ON COLUMN metric_mttd.median_minutes IS 'Median (linear interpolation, quantile_cont 0.5).';
COMMENT ON COLUMN metric_mttd.p90_minutes IS '90th percentile (linear interpolation, quantile_cont 0.9).';
COMMENT ON COLUMN metric_mttd.weighted_mean_minutes IS 'Mean weighted by the business-impact weight of each incident''s severity (metrics.severity_weights, default 1 each: then equal to mean_minutes).';
COMMENT ON COLUMN metric_mttd.external_incidents IS 'External (third-party cause) incidents in the group: left out of team rows by default, included in (all)-team rows.';
