CREATE OR REPLACE VIEW stg_pagerduty__incidents AS
SELECT
  source_id,
  'pagerduty:' || source_id AS incident_key,
  TRY_CAST(payload ->> 'incident_number' AS BIGINT) AS incident_number,
  payload ->> 'title' AS title,
  payload ->> 'status' AS status,
  payload ->> 'urgency' AS urgency,
  coalesce(payload -> 'priority' ->> 'name', payload -> 'priority' ->> 'summary') AS priority,
  payload -> 'service' ->> 'id' AS service_id,
  payload -> 'teams' -> 0 ->> 'id' AS team_id,
  payload -> 'escalation_policy' ->> 'id' AS escalation_policy_id,
  CAST(payload ->> 'created_at' AS TIMESTAMPTZ) AS created_at,
  TRY_CAST(payload ->> 'resolved_at' AS TIMESTAMPTZ) AS payload_resolved_at,
  (SELECT min(TRY_CAST(a ->> 'at' AS TIMESTAMPTZ)) FROM unnest(CAST(payload -> 'acknowledgements' AS JSON[])) AS t(a))
    AS payload_first_acknowledged_at,
  payload ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__incidents;
COMMENT ON VIEW stg_pagerduty__incidents IS 'PagerDuty incidents, typed from raw_pagerduty__incidents (one row per incident).';
