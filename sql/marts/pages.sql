-- depends: incidents, people
CREATE OR REPLACE TABLE pages AS
WITH cfg AS (
  SELECT
    coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS reporting_tz,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_interruption_window_seconds') AS INTEGER), 60) AS window_seconds,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_business_hours_start') AS INTEGER), 8) AS business_start,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_business_hours_end') AS INTEGER), 18) AS business_end,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_sleep_hours_start') AS INTEGER), 22) AS sleep_start,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_sleep_hours_end') AS INTEGER), 8) AS sleep_end
  FROM settings
),
entries AS (
  SELECT *
  FROM stg_pagerduty__log_entries
  WHERE entry_type IN ('assign_log_entry', 'escalate_log_entry', 'notify_log_entry')
),
-- The level each assignment put its users on: the n-th escalation reaches level n + 1 (loops are not walked),
-- the service's own first assignment is level 1, a hand-over by a person has no level.
leveled_entries AS (
  SELECT
    *,
    CASE
      WHEN entry_type = 'escalate_log_entry' THEN 1 + count(*) FILTER (WHERE entry_type = 'escalate_log_entry') OVER (
        PARTITION BY incident_id ORDER BY created_at, log_entry_id ROWS UNBOUNDED PRECEDING
      )
      WHEN agent_type = 'user_reference' THEN NULL
      ELSE 1
    END AS escalation_level
  FROM entries
  WHERE entry_type <> 'notify_log_entry'
),
assignment_entries AS (
  SELECT * EXCLUDE (assignee_ids), unnest(assignee_ids) AS user_id FROM leveled_entries
),
assignments AS (
  SELECT incident_id, user_id, created_at, escalation_level FROM assignment_entries WHERE user_id IS NOT NULL
),
-- One row per responder: a notification names its user, an assignment or escalation each of its assignees.
responders AS (
  SELECT * EXCLUDE (assignee_ids), notified_user_id AS user_id FROM entries WHERE entry_type = 'notify_log_entry'
  UNION ALL BY NAME
  SELECT * EXCLUDE (escalation_level) FROM assignment_entries
),
leveled AS (
  SELECT r.*, a.escalation_level
  FROM (SELECT * FROM responders WHERE user_id IS NOT NULL) AS r
  -- A notification inherits the level of its user's latest assignment in the incident.
  ASOF LEFT JOIN assignments AS a
    ON a.incident_id = r.incident_id AND a.user_id = r.user_id AND r.created_at >= a.created_at
),
located AS (
  SELECT
    l.*,
    i.incident_key,
    i.team_key,
    i.ownership_rule,
    'pagerduty:' || l.user_id AS person_key,
    CASE WHEN z.name IS NOT NULL THEN z.name ELSE cfg.reporting_tz END AS person_time_zone,
    CASE WHEN z.name IS NOT NULL THEN 'person' ELSE 'reporting_timezone' END AS time_zone_basis,
    -- Days since 1970-01-01 UTC, floored (fdiv) so that instants before 1970 fall in their own day too.
    CAST(fdiv(epoch_us(l.created_at), 86400000000) AS BIGINT) AS utc_day,
    cfg.*
  FROM leveled AS l
  -- Entries of incidents outside the loaded history have no incident (and no team) to belong to.
  JOIN incidents AS i ON i.incident_key = 'pagerduty:' || l.incident_id
  LEFT JOIN people AS p ON p.person_key = 'pagerduty:' || l.user_id
  LEFT JOIN (SELECT DISTINCT name FROM pg_timezone_names()) AS z ON z.name = p.time_zone
  CROSS JOIN cfg
),
-- Wall-clock offsets per time zone and UTC day, from two conversions at the day's ends. Where they agree, the day
-- holds no change of offset (else two within one day that cancel out), and its pages take the offset by arithmetic;
-- pages of a day with a change are converted one by one. One ICU conversion per page, with the time zone set row by
-- row, took 1.5 s of the model's 8 s of CPU (bench, large: 560k pages), and 4.5 s of wall-clock time became 4.0 s.
zone_days AS (
  SELECT
    z.zone,
    d.day,
    epoch_us(timezone(z.zone, make_timestamptz(d.day * 86400000000))) - d.day * 86400000000 AS start_offset_us,
    epoch_us(timezone(z.zone, make_timestamptz((d.day + 1) * 86400000000 - 1))) - ((d.day + 1) * 86400000000 - 1)
      AS end_offset_us
  FROM (SELECT DISTINCT person_time_zone AS zone FROM located) AS z
  CROSS JOIN (
    SELECT unnest(range(
      CAST(fdiv(min(epoch_us(created_at)), 86400000000) AS BIGINT),
      CAST(fdiv(max(epoch_us(created_at)), 86400000000) AS BIGINT) + 1
    )) AS day
    FROM entries
  ) AS d
),
localized AS (
  SELECT
    l.*,
    CASE
      WHEN o.start_offset_us = o.end_offset_us THEN make_timestamp(epoch_us(l.created_at) + o.start_offset_us)
      ELSE timezone(l.person_time_zone, l.created_at)
    END AS local_at
  FROM located AS l
  LEFT JOIN zone_days AS o ON o.zone = l.person_time_zone AND o.day = l.utc_day
),
banded AS (
  SELECT
    *,
    hour(local_at) AS local_hour,
    isodow(local_at) >= 6 AS local_weekend,
    lag(created_at) OVER (PARTITION BY person_key ORDER BY created_at, log_entry_id) AS previous_page_at
  FROM localized
)
SELECT
  'pagerduty:' || log_entry_id || '/' || user_id AS page_key,
  incident_key,
  person_key,
  created_at AS paged_at,
  CASE WHEN entry_type = 'notify_log_entry' THEN 'notify' ELSE 'assign' END AS kind,
  entry_type AS log_entry_type,
  channel_type AS channel,
  escalation_level,
  previous_page_at IS NULL OR date_diff('millisecond', previous_page_at, created_at) > window_seconds * 1000
    AS starts_interruption,
  person_time_zone,
  time_zone_basis,
  local_at AS paged_at_local,
  CASE
    WHEN CASE
      WHEN sleep_start > sleep_end THEN local_hour >= sleep_start OR local_hour < sleep_end
      ELSE local_hour >= sleep_start AND local_hour < sleep_end
    END THEN 'sleep'
    WHEN local_weekend THEN 'off'
    WHEN local_hour >= business_start AND local_hour < business_end THEN 'business'
    ELSE 'off'
  END AS hours_band,
  team_key,
  ownership_rule,
  'pagerduty' AS source,
  log_entry_id AS source_id,
  source_url,
  sync_run_id
FROM banded;
COMMENT ON TABLE pages IS 'Each notification, assignment or escalation of a responder (who was interrupted, when): one row per PagerDuty notify, assign or escalate log entry and person it names.';
COMMENT ON COLUMN pages.page_key IS 'Stable key: pagerduty:<log entry id>/<user id>.';
COMMENT ON COLUMN pages.incident_key IS 'incidents.incident_key of the incident the page was for.';
COMMENT ON COLUMN pages.person_key IS 'people.person_key of the person paged (pagerduty:<user id>).';
COMMENT ON COLUMN pages.paged_at IS 'When the page went out (the log entry''s created_at, UTC).';
COMMENT ON COLUMN pages.kind IS 'notify (a notification by push, SMS, phone or email) or assign (an assignment, escalations included).';
COMMENT ON COLUMN pages.log_entry_type IS 'The PagerDuty log entry behind the page: notify_log_entry, assign_log_entry or escalate_log_entry.';
COMMENT ON COLUMN pages.channel IS 'The log entry''s channel: the medium of a notification (push_notification, sms, phone, email), or how an assignment happened (auto, timeout, website...).';
COMMENT ON COLUMN pages.escalation_level IS 'Escalation policy level the person was paged at: 1 for the first automatic assignment, n + 1 for the n-th escalation, for a notification the level of the person''s latest assignment in the incident; null after a hand-over by a person.';
COMMENT ON COLUMN pages.starts_interruption IS 'True when the page is the first of an interruption: pages to one person no more than oncall_interruption_window_seconds (default 60) after that person''s previous page belong to the same interruption. Count these rows to count interruptions.';
COMMENT ON COLUMN pages.person_time_zone IS 'Time zone the page''s hours are judged in: the person''s time zone (people.time_zone: the ownership file''s, else the PagerDuty profile''s), or the reporting time zone when it is unknown or not a valid IANA name.';
COMMENT ON COLUMN pages.time_zone_basis IS 'person, or reporting_timezone when the person''s own zone was unknown.';
COMMENT ON COLUMN pages.paged_at_local IS 'paged_at as a wall-clock time in person_time_zone.';
COMMENT ON COLUMN pages.hours_band IS 'When the page fell in the person''s own day: sleep (default 22:00-08:00, any day), business (default 08:00-18:00 Monday to Friday) or off (the other hours, weekend days). Settings oncall_sleep_hours_* and oncall_business_hours_*.';
COMMENT ON COLUMN pages.team_key IS 'Team that owned the incident when it happened (incidents.team_key: point-in-time ownership).';
COMMENT ON COLUMN pages.ownership_rule IS 'Rule that decided team_key (incidents.ownership_rule).';
COMMENT ON COLUMN pages.source IS 'System the page comes from.';
COMMENT ON COLUMN pages.source_id IS 'The log entry id in the source.';
COMMENT ON COLUMN pages.source_url IS 'Link to the log entry in the source.';
COMMENT ON COLUMN pages.sync_run_id IS 'Sync run that last changed the log entry''s source record.';
