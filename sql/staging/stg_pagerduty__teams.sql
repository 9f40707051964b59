CREATE OR REPLACE VIEW stg_pagerduty__teams AS
SELECT
  source_id AS team_id,
  payload ->> 'name' AS name,
  payload ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__teams;
COMMENT ON VIEW stg_pagerduty__teams IS 'PagerDuty teams, typed from raw_pagerduty__teams.';
