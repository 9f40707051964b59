-- depends: stg_jira__issues, stg_ownership__team_names
CREATE OR REPLACE VIEW stg_jira__issue_teams AS
WITH pd_teams AS (SELECT team_key, name FROM stg_ownership__team_names),
configured AS (
  SELECT substr(key, length('jira_project_team.') + 1) AS project_key, value AS team
  FROM settings WHERE starts_with(key, 'jira_project_team.')
),
candidates AS (
  -- In order of preference: the ownership file (the owner, when the issue was created, of the service that
  -- matches its project), the issue's team field, the jira.project_teams setting, then the team named like the
  -- project or like its category.
  SELECT i.scope, i.issue_id, 0 AS rank, 'ownership_file' AS rule, o.team_key
  FROM stg_jira__issues AS i
  JOIN ownership_service_matches AS m ON m.source = 'jira' AND m.value = lower(i.project_key)
  JOIN ownership_service_owners AS o
    ON o.service_key = m.service_key
    AND (o.valid_from IS NULL OR i.created_at >= o.valid_from)
    AND (o.valid_to IS NULL OR i.created_at < o.valid_to)
  UNION ALL
  SELECT i.scope, i.issue_id, 1, 'jira_team_field', t.team_key
  FROM stg_jira__issues AS i JOIN pd_teams AS t ON t.name = lower(trim(i.team_name))
  UNION ALL
  SELECT i.scope, i.issue_id, 2, 'jira_project_setting', t.team_key
  FROM stg_jira__issues AS i
  JOIN configured AS c ON c.project_key = i.project_key
  JOIN pd_teams AS t ON t.name = lower(trim(c.team)) OR t.team_key = c.team
  UNION ALL
  SELECT i.scope, i.issue_id, 3, 'jira_project_name', t.team_key
  FROM stg_jira__issues AS i JOIN pd_teams AS t ON t.name = lower(trim(i.project_name))
  UNION ALL
  SELECT i.scope, i.issue_id, 4, 'jira_project_category', t.team_key
  FROM stg_jira__issues AS i JOIN pd_teams AS t ON t.name = lower(trim(i.project_category))
),
best AS (
  SELECT scope, issue_id, arg_min(team_key, rank) AS team_key, arg_min(rule, rank) AS ownership_rule
  FROM candidates GROUP BY scope, issue_id
)
SELECT i.scope, i.issue_id, coalesce(b.team_key, 'unowned') AS team_key, coalesce(b.ownership_rule, 'none') AS ownership_rule
FROM stg_jira__issues AS i
LEFT JOIN best AS b USING (scope, issue_id);
COMMENT ON VIEW stg_jira__issue_teams IS 'The team of each Jira issue and the rule that decided it: ownership_file (owner of the file service matching the project, when the issue was created), jira_team_field (the team field names a PagerDuty team), jira_project_setting (jira.project_teams), jira_project_name or jira_project_category (the PagerDuty team named like the project or its category), none (unowned).';
