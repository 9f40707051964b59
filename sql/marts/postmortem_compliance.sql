-- depends: incidents, postmortem_incidents, postmortems
CREATE OR REPLACE TABLE postmortem_compliance AS
WITH setting AS (
  SELECT
    string_split(coalesce(max(value) FILTER (WHERE key = 'postmortem_required'), 'SEV1,SEV2'), ',') AS required,
    -- The deadlines are judged as of the latest sync run (the moment the data describes).
    coalesce((SELECT max(started_at) FROM sync_runs), now()) AS as_of
  FROM settings
),
deadlines AS (
  SELECT substr(key, length('postmortem_deadline_hours.') + 1) AS severity, TRY_CAST(value AS DOUBLE) AS hours
  FROM settings WHERE starts_with(key, 'postmortem_deadline_hours.')
),
reviews AS (
  SELECT
    pi.incident_key,
    count(*) AS postmortems,
    min(pm.completed_at) AS completed_at,
    arg_min(pm.postmortem_key, (pm.completed_at IS NULL, pm.completed_at, pm.created_at)) AS postmortem_key
  FROM postmortem_incidents AS pi
  JOIN postmortems AS pm USING (postmortem_key)
  WHERE NOT pm.is_deleted
  GROUP BY pi.incident_key
),
required AS (
  SELECT
    i.incident_key,
    i.team_key,
    i.severity,
    i.detected_at,
    i.resolved_at,
    d.hours AS deadline_hours,
    i.resolved_at + to_microseconds(CAST(d.hours * 3600e6 AS BIGINT)) AS deadline_at,
    s.as_of
  FROM incidents AS i
  CROSS JOIN setting AS s
  LEFT JOIN deadlines AS d ON d.severity = i.severity
  WHERE list_contains(s.required, i.severity) AND i.resolved_at IS NOT NULL
)
SELECT
  q.incident_key,
  q.team_key,
  q.severity,
  q.detected_at,
  q.resolved_at,
  q.deadline_hours,
  q.deadline_at,
  r.postmortem_key,
  coalesce(r.postmortems, 0) AS postmortems,
  r.completed_at,
  CASE
    WHEN r.completed_at IS NOT NULL AND (q.deadline_at IS NULL OR r.completed_at <= q.deadline_at) THEN 'on_time'
    WHEN r.completed_at IS NOT NULL THEN 'late'
    WHEN q.deadline_at IS NULL OR q.deadline_at > q.as_of THEN 'pending'
    WHEN r.postmortem_key IS NOT NULL THEN 'overdue'
    ELSE 'missing'
  END AS compliance,
  date_diff('millisecond', q.resolved_at, r.completed_at) / 3600000.0 AS hours_to_complete
FROM required AS q
LEFT JOIN reviews AS r USING (incident_key);
COMMENT ON TABLE postmortem_compliance IS 'The postmortem compliance report: one row per resolved incident whose severity requires a postmortem (setting postmortem_required, default SEV1 and SEV2), with its deadline (postmortem_deadline_hours after resolved_at: SEV1 48 h, SEV2 7 days, SEV3 14 days) and whether a postmortem was completed in time. compliance = missing lists the incidents that never got one. Judged as of the latest sync run.';
COMMENT ON COLUMN postmortem_compliance.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN postmortem_compliance.team_key IS 'incidents.team_key.';
COMMENT ON COLUMN postmortem_compliance.severity IS 'incidents.severity.';
COMMENT ON COLUMN postmortem_compliance.detected_at IS 'incidents.detected_at.';
COMMENT ON COLUMN postmortem_compliance.resolved_at IS 'incidents.resolved_at: the deadline runs from it.';
COMMENT ON COLUMN postmortem_compliance.deadline_hours IS 'Hours allowed after resolution for this severity; null when the severity has none.';
COMMENT ON COLUMN postmortem_compliance.deadline_at IS 'resolved_at + deadline_hours.';
COMMENT ON COLUMN postmortem_compliance.postmortem_key IS 'The postmortem that completed first (else the first one opened); null when there is none.';
COMMENT ON COLUMN postmortem_compliance.postmortems IS 'Postmortems linked to the incident.';
COMMENT ON COLUMN postmortem_compliance.completed_at IS 'When the first of them was completed; null while none is.';
COMMENT ON COLUMN postmortem_compliance.compliance IS 'on_time (completed by the deadline), late (completed after it), overdue (a postmortem exists but was not completed by the deadline), missing (no postmortem and the deadline has passed), pending (not completed, deadline not reached yet).';
COMMENT ON COLUMN postmortem_compliance.hours_to_complete IS 'completed_at - resolved_at in hours.';
