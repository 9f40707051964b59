CREATE OR REPLACE VIEW stg_pagerduty__users AS
SELECT
  source_id AS user_id,
  payload ->> 'name' AS name,
  payload ->> 'email' AS email,
  payload ->> 'time_zone' AS time_zone,
  payload -> 'teams' -> 0 ->> 'id' AS team_id,
  payload ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__users;
COMMENT ON VIEW stg_pagerduty__users IS 'PagerDuty users, typed from raw_pagerduty__users.';
