CREATE OR REPLACE TABLE oncall_shifts AS
SELECT
  'pagerduty:' || o.oncall_id AS shift_key,
  'pagerduty:' || o.user_id AS person_key,
  CASE WHEN o.schedule_id IS NULL THEN NULL ELSE 'pagerduty:' || o.schedule_id END AS schedule_key,
  o.schedule_name,
  'pagerduty:' || o.escalation_policy_id AS escalation_policy_key,
  coalesce(p.name, o.escalation_policy_name) AS escalation_policy_name,
  o.escalation_level,
  o.starts_at,
  o.ends_at,
  CASE WHEN p.team_id IS NULL THEN 'unowned' ELSE 'pagerduty:' || p.team_id END AS team_key,
  CASE WHEN p.team_id IS NULL THEN 'none' ELSE 'pagerduty_escalation_policy_team' END AS ownership_rule,
  'pagerduty' AS source,
  o.oncall_id AS source_id,
  o.source_url,
  o.sync_run_id
FROM stg_pagerduty__oncalls AS o
LEFT JOIN stg_pagerduty__escalation_policies AS p USING (escalation_policy_id);
COMMENT ON TABLE oncall_shifts IS 'On-call shifts from PagerDuty /oncalls: one row per person, escalation policy level and period on call.';
COMMENT ON COLUMN oncall_shifts.shift_key IS 'Stable key: pagerduty:<escalation policy id>|<level>|<schedule id>|<user id>|<start in UTC>.';
COMMENT ON COLUMN oncall_shifts.person_key IS 'people.person_key of the person on call.';
COMMENT ON COLUMN oncall_shifts.schedule_key IS 'pagerduty:<schedule id> of the rotation behind the shift; null when the level names a user directly.';
COMMENT ON COLUMN oncall_shifts.schedule_name IS 'Name of the schedule.';
COMMENT ON COLUMN oncall_shifts.escalation_policy_key IS 'pagerduty:<escalation policy id>.';
COMMENT ON COLUMN oncall_shifts.escalation_policy_name IS 'Name of the escalation policy.';
COMMENT ON COLUMN oncall_shifts.escalation_level IS 'Level of the escalation policy the person covers (1 = first paged).';
COMMENT ON COLUMN oncall_shifts.starts_at IS 'Start of the shift (UTC); null for a permanent level.';
COMMENT ON COLUMN oncall_shifts.ends_at IS 'End of the shift (UTC, exclusive); null for a permanent level.';
COMMENT ON COLUMN oncall_shifts.team_key IS 'Team of the escalation policy (teams.team_key); unowned when the policy has none.';
COMMENT ON COLUMN oncall_shifts.ownership_rule IS 'Rule that decided team_key: pagerduty_escalation_policy_team, or none.';
COMMENT ON COLUMN oncall_shifts.source IS 'System the shift comes from.';
COMMENT ON COLUMN oncall_shifts.source_id IS 'Key of the shift in raw_pagerduty__oncalls (a shift has no id of its own).';
COMMENT ON COLUMN oncall_shifts.source_url IS 'Link to the schedule in the source.';
COMMENT ON COLUMN oncall_shifts.sync_run_id IS 'Sync run that last changed the source record.';
