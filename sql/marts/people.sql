-- depends: person_identities
CREATE OR REPLACE TABLE people AS
WITH pd AS (
  SELECT
    'pagerduty:' || u.user_id AS person_key,
    coalesce(op.name, u.name) AS name,
    u.email,
    coalesce(op.time_zone, u.time_zone) AS time_zone,
    CASE WHEN op.time_zone IS NOT NULL THEN 'ownership_file' ELSE 'pagerduty_profile' END AS time_zone_source,
    op.working_hours_start,
    op.working_hours_end,
    op.working_days,
    (SELECT min(i.source_id) FROM person_identities AS i WHERE i.source = 'jira' AND i.person_key = 'pagerduty:' || u.user_id)
      AS jira_account_id,
    (SELECT min(i.value) FROM ownership_person_identities AS i WHERE i.source = 'github' AND i.person_id = f.person_id)
      AS github_login,
    (SELECT min(m.team_key) FROM ownership_person_teams AS m
      WHERE m.person_id = f.person_id AND (m.valid_from IS NULL OR m.valid_from <= now()) AND (m.valid_to IS NULL OR now() < m.valid_to))
      AS file_team_key,
    coalesce(t.team_key, 'pagerduty:' || u.team_id) AS pagerduty_team_key,
    f.person_id IS NOT NULL AS in_ownership_file,
    'pagerduty' AS source,
    u.user_id AS source_id,
    u.source_url,
    u.sync_run_id
  FROM stg_pagerduty__users AS u
  LEFT JOIN stg_ownership__pagerduty_users AS f USING (user_id)
  LEFT JOIN ownership_people AS op ON op.person_id = f.person_id
  LEFT JOIN stg_ownership__pagerduty_teams AS t ON t.team_id = u.team_id
)
SELECT
  person_key, name, email, time_zone, time_zone_source, working_hours_start, working_hours_end, working_days,
  jira_account_id, github_login,
  coalesce(file_team_key, pagerduty_team_key, 'unowned') AS team_key,
  CASE WHEN file_team_key IS NOT NULL THEN 'ownership_file' WHEN pagerduty_team_key IS NOT NULL THEN 'pagerduty_user_team' ELSE 'none' END
    AS ownership_rule,
  in_ownership_file, source, source_id, source_url, sync_run_id
FROM pd
UNION ALL BY NAME
-- Jira assignees who are nobody in PagerDuty stay people of their own.
SELECT
  i.person_key, j.display_name AS name, j.email, j.time_zone, 'jira_profile' AS time_zone_source,
  j.account_id AS jira_account_id, 'unowned' AS team_key, 'none' AS ownership_rule, false AS in_ownership_file,
  'jira' AS source, j.account_id AS source_id
FROM person_identities AS i
JOIN stg_jira__users AS j ON i.source = 'jira' AND i.source_id = j.account_id
WHERE i.person_key LIKE 'jira:%';
COMMENT ON TABLE people IS 'People, one row per person across PagerDuty, Jira and GitHub (see person_identities; team history in person_teams). The only table that holds names and emails: everything else refers to person_key.';
COMMENT ON COLUMN people.person_key IS 'Stable key: pagerduty:<user id>; jira:<accountId> for Jira users who are no PagerDuty user.';
COMMENT ON COLUMN people.name IS 'Display name (personal data): the ownership file''s, else the source''s.';
COMMENT ON COLUMN people.email IS 'Email in the source (personal data).';
COMMENT ON COLUMN people.time_zone IS 'IANA time zone: the ownership file''s, else the PagerDuty (or Jira) profile; used for night and off-hours pages.';
COMMENT ON COLUMN people.time_zone_source IS 'ownership_file, pagerduty_profile or jira_profile.';
COMMENT ON COLUMN people.working_hours_start IS 'Start of working hours (HH:MM local) from the ownership file; null: the default business hours.';
COMMENT ON COLUMN people.working_hours_end IS 'End of working hours (HH:MM local) from the ownership file.';
COMMENT ON COLUMN people.working_days IS 'Working days (mon..sun, comma-separated) from the ownership file.';
COMMENT ON COLUMN people.jira_account_id IS 'The person''s Jira accountId (file override, else same email), null when unknown.';
COMMENT ON COLUMN people.github_login IS 'The person''s GitHub login (from the ownership file), null when unknown.';
COMMENT ON COLUMN people.team_key IS 'Team today: the ownership file''s membership, else the first PagerDuty team; unowned when none.';
COMMENT ON COLUMN people.ownership_rule IS 'ownership_file, pagerduty_user_team or none.';
COMMENT ON COLUMN people.in_ownership_file IS 'True when the ownership file describes this person (by pagerduty id, email or alias).';
COMMENT ON COLUMN people.source IS 'System the person comes from (pagerduty, or jira for Jira-only people).';
COMMENT ON COLUMN people.source_id IS 'The user id in the source.';
COMMENT ON COLUMN people.source_url IS 'Link to the user in the source.';
COMMENT ON COLUMN people.sync_run_id IS 'Sync run that last changed the source record.';
