-- depends: stg_jira__statuses
CREATE OR REPLACE VIEW stg_jira__status_changes AS
WITH raw AS (
  SELECT 'incidents' AS scope, source_id, payload FROM raw_jira__incidents
  UNION ALL SELECT 'postmortems', source_id, payload FROM raw_jira__postmortems
  UNION ALL SELECT 'action_items', source_id, payload FROM raw_jira__action_items
),
histories AS (
  SELECT scope, source_id, payload ->> 'key' AS issue_key, unnest(CAST(payload -> 'changelog' -> 'histories' AS JSON[])) AS h
  FROM raw
),
items AS (
  SELECT scope, source_id, issue_key, h, unnest(CAST(h -> 'items' AS JSON[])) AS item FROM histories
)
SELECT
  i.scope,
  i.source_id AS issue_id,
  i.issue_key,
  i.h ->> 'id' AS history_id,
  CAST(i.h ->> 'created' AS TIMESTAMPTZ) AS changed_at,
  i.h -> 'author' ->> 'accountId' AS author_account_id,
  i.item ->> 'from' AS from_status_id,
  i.item ->> 'fromString' AS from_status,
  coalesce(f.category, fn.category) AS from_category,
  i.item ->> 'to' AS to_status_id,
  i.item ->> 'toString' AS to_status,
  coalesce(t.category, tn.category) AS to_category
FROM items AS i
LEFT JOIN stg_jira__statuses AS f ON f.status_id = (i.item ->> 'from')
LEFT JOIN stg_jira__statuses AS t ON t.status_id = (i.item ->> 'to')
-- Items without status ids (older sites): match by name.
LEFT JOIN (SELECT name, any_value(category) AS category FROM stg_jira__statuses GROUP BY name) AS fn
  ON f.status_id IS NULL AND fn.name = (i.item ->> 'fromString')
LEFT JOIN (SELECT name, any_value(category) AS category FROM stg_jira__statuses GROUP BY name) AS tn
  ON t.status_id IS NULL AND tn.name = (i.item ->> 'toString')
-- (->> binds looser than =: keep it in parentheses.)
WHERE coalesce(i.item ->> 'fieldId', i.item ->> 'field') = 'status';
COMMENT ON VIEW stg_jira__status_changes IS 'Every status transition in the complete changelog of each Jira issue, with the category (new, indeterminate, done) of the status before and after.';
