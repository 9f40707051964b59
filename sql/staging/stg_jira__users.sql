-- A table: it parses every raw payload once, where a view would parse them again for each model reading it.
CREATE OR REPLACE TABLE stg_jira__users AS
-- One json_transform per payload into just the assignee: `->` chains over whole payloads (changelogs included)
-- hold every parsed document in memory at once.
WITH raw AS (
  SELECT payload, extracted_at FROM raw_jira__incidents
  UNION ALL SELECT payload, extracted_at FROM raw_jira__postmortems
  UNION ALL SELECT payload, extracted_at FROM raw_jira__action_items
),
seen AS (
  SELECT
    json_transform(payload, '{"fields": {"assignee": {"accountId": "VARCHAR", "displayName": "VARCHAR", "emailAddress": "VARCHAR", "timeZone": "VARCHAR"}}}').fields.assignee AS u,
    extracted_at
  FROM raw
)
SELECT
  u.accountId AS account_id,
  arg_max(u.displayName, extracted_at) AS display_name,
  arg_max(u.emailAddress, extracted_at) AS email,
  arg_max(u.timeZone, extracted_at) AS time_zone
FROM seen
WHERE u.accountId IS NOT NULL
GROUP BY 1;
COMMENT ON TABLE stg_jira__users IS 'Jira users who are assignees of loaded issues (account id, name, email where Jira shows it, time zone), as last seen.';
