-- depends: stg_jira__statuses
-- A table: it parses every raw payload once, where a view would parse them again for each model reading it.
CREATE OR REPLACE TABLE stg_jira__status_changes AS
WITH raw AS (
  SELECT 'incidents' AS scope, source_id, payload FROM raw_jira__incidents
  UNION ALL SELECT 'postmortems', source_id, payload FROM raw_jira__postmortems
  UNION ALL SELECT 'action_items', source_id, payload FROM raw_jira__action_items
),
-- One json_transform per payload into typed structs: JSON values unnested with -> hold every history's text in memory.
typed AS (
  SELECT scope, source_id, json_transform(payload, '{"key": "VARCHAR", "changelog": {"histories": [{"id": "VARCHAR",
    "created": "VARCHAR", "author": {"accountId": "VARCHAR"}, "items": [{"field": "VARCHAR", "fieldId": "VARCHAR",
    "from": "VARCHAR", "fromString": "VARCHAR", "to": "VARCHAR", "toString": "VARCHAR"}]}]}}') AS t
  FROM raw
),
histories AS (
  SELECT scope, source_id, t.key AS issue_key, unnest(t.changelog.histories) AS h FROM typed
),
items AS (
  SELECT scope, source_id, issue_key, h.id AS history_id, h.created, h.author.accountId AS author_account_id,
    unnest(h.items) AS item
  FROM histories
),
status_items AS (
  SELECT scope, source_id, issue_key, history_id, created, author_account_id,
    item."from" AS from_id, item.fromString AS from_name, item."to" AS to_id, item.toString AS to_name
  FROM items
  WHERE coalesce(item.fieldId, item.field) = 'status'
)
SELECT
  i.scope,
  i.source_id AS issue_id,
  i.issue_key,
  i.history_id,
  CAST(i.created AS TIMESTAMPTZ) AS changed_at,
  i.author_account_id,
  i.from_id AS from_status_id,
  i.from_name AS from_status,
  coalesce(f.category, fn.category) AS from_category,
  i.to_id AS to_status_id,
  i.to_name AS to_status,
  coalesce(t.category, tn.category) AS to_category
FROM status_items AS i
LEFT JOIN stg_jira__statuses AS f ON f.status_id = i.from_id
LEFT JOIN stg_jira__statuses AS t ON t.status_id = i.to_id
-- Items without status ids (older sites): match by name.
LEFT JOIN (SELECT name, any_value(category) AS category FROM stg_jira__statuses GROUP BY name) AS fn
  ON f.status_id IS NULL AND fn.name = i.from_name
LEFT JOIN (SELECT name, any_value(category) AS category FROM stg_jira__statuses GROUP BY name) AS tn
  ON t.status_id IS NULL AND tn.name = i.to_name;
COMMENT ON TABLE stg_jira__status_changes IS 'Every status transition in the complete changelog of each Jira issue, with the category (new, indeterminate, done) of the status before and after.';
