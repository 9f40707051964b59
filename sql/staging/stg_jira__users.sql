CREATE OR REPLACE VIEW stg_jira__users AS
WITH raw AS (
  SELECT payload, extracted_at FROM raw_jira__incidents
  UNION ALL SELECT payload, extracted_at FROM raw_jira__postmortems
  UNION ALL SELECT payload, extracted_at FROM raw_jira__action_items
),
seen AS (
  SELECT payload -> 'fields' -> 'assignee' AS u, extracted_at FROM raw WHERE payload -> 'fields' ->> 'assignee' IS NOT NULL
)
SELECT
  u ->> 'accountId' AS account_id,
  arg_max(u ->> 'displayName', extracted_at) AS display_name,
  arg_max(u ->> 'emailAddress', extracted_at) AS email,
  arg_max(u ->> 'timeZone', extracted_at) AS time_zone
FROM seen
GROUP BY 1;
COMMENT ON VIEW stg_jira__users IS 'Jira users who are assignees of loaded issues (account id, name, email where Jira shows it, time zone), as last seen.';
