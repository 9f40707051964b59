-- depends: stg_jira__issues
CREATE OR REPLACE VIEW stg_jira__statuses AS
WITH known AS (
  SELECT source_id AS status_id, payload ->> 'name' AS name, payload -> 'statusCategory' ->> 'key' AS category, 1 AS rank
  FROM raw_jira__statuses
  UNION ALL
  -- Statuses issues are in now: enough when the status list is not available.
  SELECT status_id, status_name, status_category, 2 FROM stg_jira__issues WHERE status_id IS NOT NULL
)
SELECT status_id, arg_min(name, rank) AS name, arg_min(category, rank) AS category
FROM known
GROUP BY status_id;
COMMENT ON VIEW stg_jira__statuses IS 'Jira workflow statuses and their category key (new, indeterminate, done), from /rest/api/3/status, else from the statuses issues are in.';
