CREATE OR REPLACE VIEW stg_pagerduty__services AS
SELECT
  source_id AS service_id,
  payload ->> 'name' AS name,
  payload -> 'teams' -> 0 ->> 'id' AS team_id,
  payload -> 'escalation_policy' ->> 'id' AS escalation_policy_id,
  payload ->> 'status' AS status,
  payload ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__services;
COMMENT ON VIEW stg_pagerduty__services IS 'PagerDuty services, typed from raw_pagerduty__services.';
