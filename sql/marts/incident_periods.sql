-- depends: incidents
CREATE OR REPLACE TABLE incident_periods AS
WITH zone AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
local AS (SELECT i.incident_key, timezone(zone.tz, i.detected_at) AS detected_local FROM incidents AS i, zone)
SELECT incident_key, grain AS period_grain, CAST(date_trunc(grain, detected_local) AS DATE) AS period_start
FROM local, (VALUES ('week'), ('month'), ('quarter')) AS g(grain);
COMMENT ON TABLE incident_periods IS 'The week (ISO, starting Monday), month and quarter of each incident''s detected_at, cut in the reporting time zone setting. Three rows per incident.';
COMMENT ON COLUMN incident_periods.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_periods.period_grain IS 'week, month or quarter.';
COMMENT ON COLUMN incident_periods.period_start IS 'First day of the period in the reporting time zone.';
