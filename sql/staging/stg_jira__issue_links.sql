-- A table: it parses every raw payload once, where a view would parse them again for each model reading it.
CREATE OR REPLACE TABLE stg_jira__issue_links AS
WITH raw AS (
  SELECT 'incidents' AS scope, source_id, payload FROM raw_jira__incidents
  UNION ALL SELECT 'postmortems', source_id, payload FROM raw_jira__postmortems
  UNION ALL SELECT 'action_items', source_id, payload FROM raw_jira__action_items
),
links AS (
  SELECT scope, source_id, payload ->> 'key' AS issue_key, unnest(CAST(payload -> 'opsledger' -> 'links' AS JSON[])) AS link
  FROM raw
)
SELECT
  scope,
  source_id AS issue_id,
  issue_key,
  link ->> 'type' AS link_type,
  link ->> 'direction' AS direction,
  link ->> 'id' AS other_issue_id,
  link ->> 'key' AS other_issue_key
FROM links;
COMMENT ON TABLE stg_jira__issue_links IS 'Issue links and parents as seen from each Jira issue: link type name (parent for the parent field), direction (outward: this issue reads the outward phrase, e.g. is postmortem of) and the other issue.';
