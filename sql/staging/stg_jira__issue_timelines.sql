-- depends: stg_jira__issues, stg_jira__status_changes
CREATE OR REPLACE VIEW stg_jira__issue_timelines AS
WITH changes AS (
  SELECT
    scope,
    issue_id,
    count(*) AS status_changes,
    min(changed_at) FILTER (WHERE to_category = 'indeterminate') AS first_in_progress_at,
    max(changed_at) FILTER (WHERE to_category = 'done' AND coalesce(from_category, '') <> 'done') AS last_done_at,
    count(*) FILTER (WHERE from_category = 'done' AND coalesce(to_category, '') <> 'done') AS reopen_count
  FROM stg_jira__status_changes
  GROUP BY scope, issue_id
)
SELECT
  i.scope,
  i.issue_id,
  coalesce(c.status_changes, 0) AS status_changes,
  c.first_in_progress_at,
  -- Done now: the last transition into done (the resolution date when the changelog has none); else open.
  CASE WHEN i.status_category = 'done' THEN coalesce(c.last_done_at, i.resolution_date, i.updated_at) END AS done_at,
  coalesce(c.reopen_count, 0) AS reopen_count
FROM stg_jira__issues AS i
LEFT JOIN changes AS c USING (scope, issue_id);
COMMENT ON VIEW stg_jira__issue_timelines IS 'Per Jira issue, from its complete status history: first transition into an in-progress status, when it was last done (null while open), reopen count and number of status changes.';
