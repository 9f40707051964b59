CREATE OR REPLACE VIEW stg_pagerduty__log_entries AS
SELECT
  source_id AS log_entry_id,
  payload -> 'incident' ->> 'id' AS incident_id,
  -- PagerDuty's spec names the acknowledgement entry both ways; one name downstream.
  CASE payload ->> 'type' WHEN 'acknowledgement_log_entry' THEN 'acknowledge_log_entry' ELSE payload ->> 'type' END
    AS entry_type,
  CAST(payload ->> 'created_at' AS TIMESTAMPTZ) AS created_at,
  payload -> 'agent' ->> 'type' AS agent_type,
  payload -> 'agent' ->> 'id' AS agent_id,
  payload -> 'user' ->> 'id' AS notified_user_id,
  payload -> 'channel' ->> 'type' AS channel_type,
  payload ->> 'summary' AS summary,
  payload ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__log_entries;
COMMENT ON VIEW stg_pagerduty__log_entries IS 'PagerDuty log entries, typed from raw_pagerduty__log_entries; acknowledgement_log_entry is folded into acknowledge_log_entry.';
