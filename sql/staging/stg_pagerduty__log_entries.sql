CREATE OR REPLACE TABLE stg_pagerduty__log_entries AS
-- A table, not a view: incident_events and pages both read it, and a view would parse every payload (a million
-- at scale large) once per reader and once per filter pushed into it.
-- One JSON parse per payload (json_transform into a struct): one `->>` per field would parse it once per field.
WITH parsed AS (
  SELECT
    source_id,
    sync_run_id,
    json_transform(payload, '{
      "type": "VARCHAR", "created_at": "VARCHAR", "incident": {"id": "VARCHAR"},
      "agent": {"type": "VARCHAR", "id": "VARCHAR"}, "user": {"id": "VARCHAR"}, "channel": {"type": "VARCHAR"},
      "summary": "VARCHAR", "html_url": "VARCHAR", "assignees": [{"id": "VARCHAR"}]
    }') AS p
  FROM raw_pagerduty__log_entries
)
SELECT
  source_id AS log_entry_id,
  p.incident.id AS incident_id,
  -- PagerDuty's spec names the acknowledgement entry both ways; one name downstream.
  CASE p.type WHEN 'acknowledgement_log_entry' THEN 'acknowledge_log_entry' ELSE p.type END AS entry_type,
  CAST(p.created_at AS TIMESTAMPTZ) AS created_at,
  p.agent.type AS agent_type,
  p.agent.id AS agent_id,
  p.user.id AS notified_user_id,
  -- Assign and escalate entries name whom the incident went to (one or more users).
  list_transform(p.assignees, a -> a.id) AS assignee_ids,
  p.channel.type AS channel_type,
  p.summary,
  p.html_url AS source_url,
  sync_run_id
FROM parsed;
COMMENT ON TABLE stg_pagerduty__log_entries IS 'PagerDuty log entries, typed from raw_pagerduty__log_entries; acknowledgement_log_entry is folded into acknowledge_log_entry.';
