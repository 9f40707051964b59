-- depends: incidents
CREATE OR REPLACE TABLE incident_sla AS
WITH zone AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
-- Targets from the settings the sync wrote (sla.targets); the defaults stand in for a warehouse that has none yet.
targets AS (
  SELECT
    d.severity,
    coalesce((SELECT s.value FROM settings AS s WHERE s.key = 'sla_target.' || d.severity), d.fallback) AS target
  FROM (VALUES ('SEV1', '60'), ('SEV2', '240'), ('SEV3', '1bd'), ('SEV4', 'none')) AS d(severity, fallback)
),
base AS (
  SELECT
    i.incident_key,
    i.team_key,
    i.service_key,
    i.severity,
    i.is_external,
    i.counts_for_team,
    i.detected_at,
    t.target,
    zone.tz,
    timezone(zone.tz, i.detected_at) AS detected_local,
    coalesce(i.mitigated_at, i.resolved_at) AS measured_at,
    CASE WHEN i.mitigated_at IS NOT NULL THEN 'mitigated' WHEN i.resolved_at IS NOT NULL THEN 'resolved' END
      AS measured_by
  FROM incidents AS i
  CROSS JOIN zone
  JOIN targets AS t ON t.severity = i.severity
  WHERE t.target <> 'none'
),
timed AS (
  SELECT
    *,
    CASE
      -- One business day: the same local clock time on the next Monday-Friday (Fri, Sat -> Mon; Sun -> Mon).
      WHEN target = '1bd' THEN timezone(
        tz,
        detected_local + to_days(CASE isodow(detected_local) WHEN 5 THEN 3 WHEN 6 THEN 2 ELSE 1 END)
      )
      ELSE detected_at + to_minutes(CAST(target AS BIGINT))
    END AS target_at
  FROM base
)
SELECT
  incident_key,
  team_key,
  service_key,
  severity,
  is_external,
  counts_for_team,
  detected_at,
  CASE WHEN target = '1bd' THEN 'business_day' ELSE 'minutes' END AS target_rule,
  date_diff('millisecond', detected_at, target_at) / 60000.0 AS target_minutes,
  target_at,
  measured_at,
  measured_by,
  CASE
    WHEN measured_at IS NOT NULL AND measured_at <= target_at THEN 'met'
    WHEN measured_at IS NOT NULL OR target_at <= now() THEN 'missed'
    ELSE 'pending'
  END AS sla_status
FROM timed;
COMMENT ON TABLE incident_sla IS 'Per incident whose severity has an SLA target (setting sla.targets: SEV1 60 min, SEV2 240 min, SEV3 1 business day, SEV4 none by default): its target time and whether it was mitigated (else resolved) by then. Incidents without a mapped severity or without a target are not listed.';
COMMENT ON COLUMN incident_sla.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_sla.team_key IS 'incidents.team_key.';
COMMENT ON COLUMN incident_sla.service_key IS 'incidents.service_key.';
COMMENT ON COLUMN incident_sla.severity IS 'incidents.severity (SEV1..SEV4).';
COMMENT ON COLUMN incident_sla.is_external IS 'incidents.is_external: a third-party cause.';
COMMENT ON COLUMN incident_sla.counts_for_team IS 'False for external incidents while metrics.exclude_external_from_teams is on (the default): they count in metric_sla totals only.';
COMMENT ON COLUMN incident_sla.detected_at IS 'incidents.detected_at: the target runs from it.';
COMMENT ON COLUMN incident_sla.target_rule IS 'minutes (a fixed number of minutes) or business_day (1 business day = the same clock time on the next Monday-Friday in the reporting time zone; holidays are not known).';
COMMENT ON COLUMN incident_sla.target_minutes IS 'target_at - detected_at in minutes (for business_day it varies: 1440 on Mon-Thu, more over a weekend or a DST change).';
COMMENT ON COLUMN incident_sla.target_at IS 'When the incident had to be mitigated (else resolved) by.';
COMMENT ON COLUMN incident_sla.measured_at IS 'mitigated_at where known, else resolved_at; null while neither happened.';
COMMENT ON COLUMN incident_sla.measured_by IS 'mitigated or resolved: which timestamp measured_at is; null while open.';
COMMENT ON COLUMN incident_sla.sla_status IS 'met (measured_at <= target_at), missed (measured later, or still open after target_at), pending (open, target not reached yet: left out of attainment).';
