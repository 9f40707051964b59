CREATE OR REPLACE VIEW stg_pagerduty__oncalls AS
SELECT
  source_id AS oncall_id,
  payload -> 'user' ->> 'id' AS user_id,
  payload -> 'schedule' ->> 'id' AS schedule_id,
  payload -> 'schedule' ->> 'summary' AS schedule_name,
  payload -> 'escalation_policy' ->> 'id' AS escalation_policy_id,
  payload -> 'escalation_policy' ->> 'summary' AS escalation_policy_name,
  CAST(payload ->> 'escalation_level' AS INTEGER) AS escalation_level,
  -- PagerDuty renders these with an offset; null for a permanent (always on call) level.
  CAST(payload ->> 'start' AS TIMESTAMPTZ) AS starts_at,
  CAST(payload ->> 'end' AS TIMESTAMPTZ) AS ends_at,
  payload -> 'schedule' ->> 'html_url' AS source_url,
  sync_run_id
FROM raw_pagerduty__oncalls;
COMMENT ON VIEW stg_pagerduty__oncalls IS 'PagerDuty on-call shifts, typed from raw_pagerduty__oncalls: who was on call at which level of which escalation policy, from starts_at to ends_at.';
