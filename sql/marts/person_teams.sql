-- depends: people
CREATE OR REPLACE TABLE person_teams AS
SELECT p.person_key, m.team_key, coalesce(m.valid_from, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS valid_from, m.valid_to,
  'ownership_file' AS ownership_rule
FROM people AS p
JOIN stg_ownership__pagerduty_users AS f ON p.source = 'pagerduty' AND f.user_id = p.source_id
JOIN ownership_person_teams AS m ON m.person_id = f.person_id
UNION ALL
SELECT 'pagerduty:' || m.user_id, coalesce(t.team_key, 'pagerduty:' || m.team_id), TIMESTAMPTZ '1970-01-01 00:00:00+00', NULL,
  'pagerduty_user_team'
FROM (
  SELECT source_id AS user_id, unnest(list_transform(from_json(payload -> 'teams', '[{"id":"VARCHAR"}]'), x -> x.id)) AS team_id
  FROM raw_pagerduty__users
) AS m
LEFT JOIN stg_ownership__pagerduty_teams AS t ON t.team_id = m.team_id
WHERE m.user_id NOT IN (SELECT f.user_id FROM stg_ownership__pagerduty_users AS f JOIN ownership_person_teams AS m USING (person_id));
COMMENT ON TABLE person_teams IS 'Team membership history of each person: the ownership file''s effective-dated memberships where the file lists the person''s teams, else every current PagerDuty team of the user (open-ended). A person may be in several teams at once.';
COMMENT ON COLUMN person_teams.person_key IS 'people.person_key.';
COMMENT ON COLUMN person_teams.team_key IS 'teams.team_key.';
COMMENT ON COLUMN person_teams.valid_from IS 'Start of membership (inclusive); 1970-01-01 when unknown.';
COMMENT ON COLUMN person_teams.valid_to IS 'End of membership (exclusive); null while a member.';
COMMENT ON COLUMN person_teams.ownership_rule IS 'ownership_file or pagerduty_user_team.';
