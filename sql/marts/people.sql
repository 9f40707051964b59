CREATE OR REPLACE TABLE people AS
SELECT
  'pagerduty:' || user_id AS person_key,
  name,
  email,
  time_zone,
  CASE WHEN team_id IS NULL THEN 'unowned' ELSE 'pagerduty:' || team_id END AS team_key,
  'pagerduty' AS source,
  user_id AS source_id,
  source_url,
  sync_run_id
FROM stg_pagerduty__users;
COMMENT ON TABLE people IS 'People, one row per person. The only table that holds names and emails: everything else refers to person_key.';
COMMENT ON COLUMN people.person_key IS 'Stable key: pagerduty:<user id>.';
COMMENT ON COLUMN people.name IS 'Display name (personal data).';
COMMENT ON COLUMN people.email IS 'Email (personal data).';
COMMENT ON COLUMN people.time_zone IS 'IANA time zone from the PagerDuty profile; used for night and off-hours pages.';
COMMENT ON COLUMN people.team_key IS 'First team of the person in PagerDuty, unowned when none.';
COMMENT ON COLUMN people.source IS 'System the person comes from.';
COMMENT ON COLUMN people.source_id IS 'The user id in the source.';
COMMENT ON COLUMN people.source_url IS 'Link to the user in the source.';
COMMENT ON COLUMN people.sync_run_id IS 'Sync run that last changed the source record.';
