-- depends: postmortem_incidents, incidents
CREATE OR REPLACE TABLE postmortems AS
WITH linked AS (
  SELECT
    pi.postmortem_key,
    list(pi.incident_key ORDER BY i.detected_at, pi.incident_key) AS incident_keys,
    list(i.team_key ORDER BY i.detected_at, pi.incident_key)[1] AS incident_team_key
  FROM postmortem_incidents AS pi
  JOIN incidents AS i USING (incident_key)
  GROUP BY pi.postmortem_key
)
SELECT
  'jira:' || p.issue_key AS postmortem_key,
  'jira' AS source,
  p.issue_id AS source_id,
  p.source_url,
  p.issue_key AS ticket_key,
  p.summary AS title,
  p.status_name AS status,
  p.status_category,
  l.incident_keys[1] AS incident_key,
  coalesce(l.incident_keys, CAST([] AS VARCHAR[])) AS incident_keys,
  coalesce(len(l.incident_keys), 0) AS incident_count,
  coalesce(l.incident_team_key, t.team_key) AS team_key,
  CASE WHEN l.incident_team_key IS NOT NULL THEN 'incident_team' ELSE t.ownership_rule END AS ownership_rule,
  p.created_at,
  tl.done_at AS completed_at,
  p.root_cause,
  nullif(lower(trim(regexp_replace(p.root_cause, '\s+', ' ', 'g'))), '') AS root_cause_key,
  p.is_deleted,
  CASE WHEN p.is_deleted THEN 'deleted' WHEN l.postmortem_key IS NULL THEN 'unlinked' ELSE 'linked' END AS link_status,
  p.sync_run_id
FROM stg_jira__issues AS p
LEFT JOIN linked AS l ON l.postmortem_key = 'jira:' || p.issue_key
LEFT JOIN stg_jira__issue_timelines AS tl ON tl.scope = 'postmortems' AND tl.issue_id = p.issue_id
LEFT JOIN stg_jira__issue_teams AS t ON t.scope = 'postmortems' AND t.issue_id = p.issue_id
WHERE p.scope = 'postmortems';
COMMENT ON TABLE postmortems IS 'One row per postmortem (post-incident review) ticket in Jira, with the incident(s) it reviews, when it was completed and the root cause it records. Deleted tickets stay, marked is_deleted.';
COMMENT ON COLUMN postmortems.postmortem_key IS 'Stable key: jira:<issue key>.';
COMMENT ON COLUMN postmortems.source IS 'System the postmortem comes from (jira).';
COMMENT ON COLUMN postmortems.source_id IS 'Jira issue id.';
COMMENT ON COLUMN postmortems.source_url IS 'Link to the ticket in Jira.';
COMMENT ON COLUMN postmortems.ticket_key IS 'Jira issue key.';
COMMENT ON COLUMN postmortems.title IS 'Ticket summary.';
COMMENT ON COLUMN postmortems.status IS 'Jira status name now.';
COMMENT ON COLUMN postmortems.status_category IS 'Jira status category key now: new, indeterminate or done.';
COMMENT ON COLUMN postmortems.incident_key IS 'The first-detected incident it reviews (incidents.incident_key); null when unlinked.';
COMMENT ON COLUMN postmortems.incident_keys IS 'Every incident it reviews, first detected first (see postmortem_incidents).';
COMMENT ON COLUMN postmortems.incident_count IS 'Number of incidents it reviews.';
COMMENT ON COLUMN postmortems.team_key IS 'Team of its first incident; for an unlinked postmortem the team its ticket names (teams.team_key), unowned when none.';
COMMENT ON COLUMN postmortems.ownership_rule IS 'incident_team, or for unlinked postmortems jira_team_field, jira_project_setting, jira_project_name, jira_project_category or none.';
COMMENT ON COLUMN postmortems.created_at IS 'When the ticket was created (UTC).';
COMMENT ON COLUMN postmortems.completed_at IS 'When it was completed: its last transition into a done status (published); null while not done.';
COMMENT ON COLUMN postmortems.root_cause IS 'Root cause as recorded in the configured root-cause field (jira.fields.root_cause).';
COMMENT ON COLUMN postmortems.root_cause_key IS 'root_cause lower-cased with spaces collapsed: the key incidents recur on (incident_recurrence).';
COMMENT ON COLUMN postmortems.is_deleted IS 'The ticket was deleted in Jira (or left the jira.postmortems scope); excluded from the metrics.';
COMMENT ON COLUMN postmortems.link_status IS 'linked, unlinked (reviews no incident the warehouse knows) or deleted.';
COMMENT ON COLUMN postmortems.sync_run_id IS 'Sync run that last changed the ticket''s source record.';
