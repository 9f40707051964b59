-- depends: incidents, postmortem_incidents, postmortems
CREATE OR REPLACE TABLE incident_recurrence AS
WITH setting AS (
  SELECT coalesce(TRY_CAST(max(value) FILTER (WHERE key = 'recurrence_window_days') AS INTEGER), 90) AS days
  FROM settings
),
-- The root cause a postmortem of the incident records (the earliest such postmortem when several do).
reviewed AS (
  SELECT pi.incident_key, arg_min(pm.root_cause_key, (pm.created_at, pm.postmortem_key)) AS root_cause_key
  FROM postmortem_incidents AS pi
  JOIN postmortems AS pm USING (postmortem_key)
  WHERE pm.root_cause_key IS NOT NULL AND NOT pm.is_deleted
  GROUP BY pi.incident_key
),
keyed AS (
  SELECT
    i.incident_key,
    i.team_key,
    i.service_key,
    i.severity,
    i.detected_at,
    i.is_external,
    -- Title with numbers and punctuation folded away ("db-7 down 5%" ~ "db-12 down 9%"); transforms/linking.ts
    -- titleFingerprint is the same rule.
    trim(regexp_replace(regexp_replace(lower(coalesce(i.title, '')), '[0-9]+', '#', 'g'), '[^a-z#]+', ' ', 'g'))
      AS normalised_title,
    r.root_cause_key AS reviewed_root_cause_key
  FROM incidents AS i
  LEFT JOIN reviewed AS r USING (incident_key)
),
based AS (
  SELECT
    *,
    CASE WHEN reviewed_root_cause_key IS NOT NULL THEN 'postmortem' ELSE 'fingerprint' END AS recurrence_basis,
    coalesce(reviewed_root_cause_key, 'fingerprint:' || md5(coalesce(service_key, '-') || '|' || normalised_title))
      AS root_cause_key
  FROM keyed
),
times AS (SELECT DISTINCT root_cause_key, detected_at FROM based),
previous AS (
  SELECT
    root_cause_key,
    detected_at,
    lag(detected_at) OVER (PARTITION BY root_cause_key ORDER BY detected_at) AS previous_detected_at
  FROM times
),
first_at AS (
  SELECT root_cause_key, detected_at, min(incident_key) AS incident_key FROM based GROUP BY ALL
)
SELECT
  b.incident_key,
  b.team_key,
  b.service_key,
  b.severity,
  b.detected_at,
  b.is_external,
  b.root_cause_key,
  b.recurrence_basis,
  b.normalised_title,
  coalesce(p.previous_detected_at >= b.detected_at - to_days(setting.days), false) AS recurs,
  CASE WHEN p.previous_detected_at >= b.detected_at - to_days(setting.days) THEN f.incident_key END
    AS previous_incident_key,
  CASE WHEN p.previous_detected_at >= b.detected_at - to_days(setting.days) THEN p.previous_detected_at END
    AS previous_detected_at,
  setting.days AS window_days
FROM based AS b
CROSS JOIN setting
JOIN previous AS p USING (root_cause_key, detected_at)
LEFT JOIN first_at AS f ON f.root_cause_key = b.root_cause_key AND f.detected_at = p.previous_detected_at;
COMMENT ON TABLE incident_recurrence IS 'Per incident: its root_cause_key and whether it recurs, i.e. an earlier incident with the same key was detected within the recurrence window (setting recurrence_window_days, default 90) before it.';
COMMENT ON COLUMN incident_recurrence.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_recurrence.team_key IS 'incidents.team_key.';
COMMENT ON COLUMN incident_recurrence.service_key IS 'incidents.service_key.';
COMMENT ON COLUMN incident_recurrence.severity IS 'incidents.severity.';
COMMENT ON COLUMN incident_recurrence.detected_at IS 'incidents.detected_at.';
COMMENT ON COLUMN incident_recurrence.is_external IS 'incidents.is_external.';
COMMENT ON COLUMN incident_recurrence.root_cause_key IS 'The root cause its postmortem records (postmortems.root_cause_key), else fingerprint:<md5 of service_key and normalised_title>.';
COMMENT ON COLUMN incident_recurrence.recurrence_basis IS 'postmortem when root_cause_key comes from a postmortem, fingerprint otherwise.';
COMMENT ON COLUMN incident_recurrence.normalised_title IS 'Title lower-cased, digit runs as #, punctuation as spaces: the title part of the fingerprint.';
COMMENT ON COLUMN incident_recurrence.recurs IS 'True when an earlier incident with the same root_cause_key was detected within window_days before this one.';
COMMENT ON COLUMN incident_recurrence.previous_incident_key IS 'The latest such earlier incident; null when it does not recur.';
COMMENT ON COLUMN incident_recurrence.previous_detected_at IS 'When that earlier incident was detected.';
COMMENT ON COLUMN incident_recurrence.window_days IS 'Recurrence window in force (days).';
