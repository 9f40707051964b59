CREATE OR REPLACE VIEW stg_pagerduty__escalation_policies AS
SELECT
  source_id AS escalation_policy_id,
  payload ->> 'name' AS name,
  payload -> 'teams' -> 0 ->> 'id' AS team_id,
  json_array_length(payload -> 'escalation_rules') AS levels,
  payload ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__escalation_policies;
COMMENT ON VIEW stg_pagerduty__escalation_policies IS 'PagerDuty escalation policies, typed from raw_pagerduty__escalation_policies.';
