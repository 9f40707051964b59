-- depends: postmortems, person_identities
CREATE OR REPLACE TABLE action_items AS
WITH setting AS (
  SELECT
    coalesce(max(value) FILTER (WHERE key = 'jira_link_type_action_item'), 'Action Item') AS link_type,
    coalesce(max(value) FILTER (WHERE key = 'jira_parent_links'), 'true') = 'true' AS parent_links,
    coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz
  FROM settings
),
-- A link shows on both issues: read it from either end, in the action item -> postmortem direction.
pairs AS (
  SELECT l.issue_id AS item_issue_id, l.other_issue_id AS postmortem_issue_id, 'link' AS link_basis
  FROM stg_jira__issue_links AS l, setting
  WHERE l.scope = 'action_items' AND l.link_type = setting.link_type AND l.direction = 'outward'
  UNION
  SELECT l.other_issue_id, l.issue_id, 'link'
  FROM stg_jira__issue_links AS l, setting
  WHERE l.scope = 'postmortems' AND l.link_type = setting.link_type AND l.direction = 'inward'
  UNION
  -- A sub-task or epic child of a postmortem (jira.parent_links).
  SELECT l.issue_id, l.other_issue_id, 'parent'
  FROM stg_jira__issue_links AS l, setting
  WHERE l.scope = 'action_items' AND l.direction = 'parent' AND setting.parent_links
),
chosen AS (
  SELECT
    pairs.item_issue_id,
    arg_min(pm.postmortem_key, (pm.created_at, pm.postmortem_key)) AS postmortem_key,
    arg_min(pm.incident_key, (pm.created_at, pm.postmortem_key)) AS incident_key,
    arg_min(pairs.link_basis, (pm.created_at, pm.postmortem_key)) AS link_basis
  FROM pairs
  JOIN postmortems AS pm ON pm.source_id = pairs.postmortem_issue_id AND NOT pm.is_deleted
  GROUP BY pairs.item_issue_id
)
SELECT
  'jira:' || a.issue_key AS action_item_key,
  'jira' AS source,
  a.issue_id AS source_id,
  a.source_url,
  a.summary AS title,
  c.postmortem_key,
  c.incident_key,
  -- One person across systems: the Jira account resolves to the PagerDuty user it is (person_identities).
  CASE WHEN a.assignee_account_id IS NOT NULL THEN coalesce(
    (SELECT min(p.person_key) FROM person_identities AS p WHERE p.source = 'jira' AND p.source_id = a.assignee_account_id),
    'jira:' || a.assignee_account_id
  ) END AS owner_person_key,
  t.team_key,
  t.ownership_rule,
  a.status_name AS status,
  a.created_at,
  -- The end of the due day in the reporting time zone: done at or before it is on time.
  CASE WHEN a.due_date IS NOT NULL
    THEN timezone(setting.tz, CAST(a.due_date + 1 AS TIMESTAMP)) - INTERVAL 1 MICROSECOND
  END AS due_at,
  tl.done_at AS completed_at,
  a.sync_run_id,
  a.issue_key AS ticket_key,
  a.status_category,
  a.due_date,
  a.project_key,
  coalesce(c.link_basis, 'unlinked') AS link_basis,
  a.is_deleted
FROM stg_jira__issues AS a
CROSS JOIN setting
LEFT JOIN chosen AS c ON c.item_issue_id = a.issue_id
LEFT JOIN stg_jira__issue_timelines AS tl ON tl.scope = 'action_items' AND tl.issue_id = a.issue_id
LEFT JOIN stg_jira__issue_teams AS t ON t.scope = 'action_items' AND t.issue_id = a.issue_id
WHERE a.scope = 'action_items'
-- GitHub action items (issues with github.action_items.label), already in these columns; by name, so a column
-- only Jira has is null for them.
UNION ALL BY NAME
SELECT
  action_item_key, source, source_id, source_url, title, postmortem_key, incident_key, owner_person_key, team_key,
  ownership_rule, status, created_at, due_at, completed_at, sync_run_id, ticket_key, status_category, due_date,
  project_key, link_basis, is_deleted
FROM stg_github__action_items;
COMMENT ON TABLE action_items IS 'One row per postmortem action item (follow-up work): owner, owning team now, created, due and completed. Jira items come from the jira.action_items scope, GitHub items are issues with the github.action_items.label label; deleted tickets stay, marked is_deleted.';
COMMENT ON COLUMN action_items.action_item_key IS 'Stable key: jira:<issue key>, github:<owner/repo>#<issue number>.';
COMMENT ON COLUMN action_items.source IS 'System the item lives in (jira, github).';
COMMENT ON COLUMN action_items.source_id IS 'Id in the source (Jira issue id; owner/repo#number for GitHub).';
COMMENT ON COLUMN action_items.source_url IS 'Link to the item in the source.';
COMMENT ON COLUMN action_items.title IS 'Item title (ticket summary).';
COMMENT ON COLUMN action_items.postmortem_key IS 'postmortems.postmortem_key of the review it follows up; null when unlinked (see link_basis).';
COMMENT ON COLUMN action_items.incident_key IS 'The incident of that postmortem (postmortems.incident_key); for GitHub items, the PagerDuty incident their body links.';
COMMENT ON COLUMN action_items.owner_person_key IS 'Assignee as people.person_key: the PagerDuty person the Jira account or GitHub login resolves to (person_identities), else jira:<account id> or github:<login>; null when unassigned.';
COMMENT ON COLUMN action_items.team_key IS 'Team that owns the item now (teams.team_key), unowned when no rule matched.';
COMMENT ON COLUMN action_items.ownership_rule IS 'Rule that decided team_key: jira_team_field, jira_project_setting (jira.project_teams), jira_project_name, jira_project_category, github_repository_service (the team of the repository''s service), none.';
COMMENT ON COLUMN action_items.status IS 'Status name in the source now (GitHub: open, completed, not_planned).';
COMMENT ON COLUMN action_items.created_at IS 'When the item was created (UTC).';
COMMENT ON COLUMN action_items.due_at IS 'Deadline: the last instant of the due day in the reporting time zone; null when the item has no due date.';
COMMENT ON COLUMN action_items.completed_at IS 'When it was done (the last transition into a done status; GitHub: closed, unless as not planned); null while open.';
COMMENT ON COLUMN action_items.sync_run_id IS 'Sync run that last changed the source record.';
COMMENT ON COLUMN action_items.ticket_key IS 'Jira issue key, or owner/repo#number of the GitHub issue.';
COMMENT ON COLUMN action_items.status_category IS 'Jira status category key now: new, indeterminate or done (GitHub: new while open, done once closed).';
COMMENT ON COLUMN action_items.due_date IS 'Due date as set in the source (a calendar day; GitHub: by github.action_items.due_date, the milestone''s by default).';
COMMENT ON COLUMN action_items.project_key IS 'Jira project the item is in now, or the GitHub repository (owner/repo).';
COMMENT ON COLUMN action_items.link_basis IS 'How it was tied to its postmortem: link (jira.link_types.action_item), parent (sub-task or epic child), incident_reference (a GitHub item naming its incident), or unlinked.';
COMMENT ON COLUMN action_items.is_deleted IS 'The ticket was deleted in Jira (or left the jira.action_items scope); excluded from the metrics.';
