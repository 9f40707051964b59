-- depends: stg_ownership__pagerduty_teams
CREATE OR REPLACE VIEW stg_ownership__team_names AS
SELECT DISTINCT team_key, value AS name FROM ownership_team_names WHERE kind IN ('name', 'alias')
UNION
SELECT team_key, lower(trim(name)) FROM stg_ownership__pagerduty_teams;
COMMENT ON VIEW stg_ownership__team_names IS 'Every lower-cased name that designates a team (ownership file names and aliases, PagerDuty team names), with the team_key it stands for; used where a source names a team in free text (Jira team field, project settings).';
