CREATE OR REPLACE VIEW stg_pagerduty__incidents AS
-- One JSON parse per payload (json_transform into a struct): one `->>` per field would parse it once per field.
WITH parsed AS (
  SELECT
    source_id,
    sync_run_id,
    json_transform(payload, '{
      "incident_number": "BIGINT", "title": "VARCHAR", "status": "VARCHAR", "urgency": "VARCHAR",
      "priority": {"name": "VARCHAR", "summary": "VARCHAR"}, "service": {"id": "VARCHAR"},
      "teams": [{"id": "VARCHAR"}], "escalation_policy": {"id": "VARCHAR"}, "created_at": "VARCHAR",
      "resolved_at": "VARCHAR", "acknowledgements": [{"at": "VARCHAR"}], "html_url": "VARCHAR"
    }') AS p
  FROM raw_pagerduty__incidents
)
SELECT
  source_id,
  'pagerduty:' || source_id AS incident_key,
  p.incident_number,
  p.title,
  p.status,
  p.urgency,
  coalesce(p.priority.name, p.priority.summary) AS priority,
  p.service.id AS service_id,
  p.teams[1].id AS team_id,
  p.escalation_policy.id AS escalation_policy_id,
  CAST(p.created_at AS TIMESTAMPTZ) AS created_at,
  TRY_CAST(p.resolved_at AS TIMESTAMPTZ) AS payload_resolved_at,
  list_min(list_transform(p.acknowledgements, a -> TRY_CAST(a.at AS TIMESTAMPTZ))) AS payload_first_acknowledged_at,
  p.html_url AS source_url,
  sync_run_id
FROM parsed;
COMMENT ON VIEW stg_pagerduty__incidents IS 'PagerDuty incidents, typed from raw_pagerduty__incidents (one row per incident).';
