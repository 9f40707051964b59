CREATE OR REPLACE VIEW stg_github__deployment_statuses AS
WITH lists AS (
  -- One parse per payload into the fields used: status objects carry a full creator each.
  SELECT
    json_transform(payload, '{
      "repository": "VARCHAR", "deployment_id": "BIGINT",
      "statuses": [{"id": "BIGINT", "state": "VARCHAR", "created_at": "VARCHAR", "description": "VARCHAR", "log_url": "VARCHAR", "target_url": "VARCHAR"}]
    }') AS j,
    sync_run_id
  FROM raw_github__deployment_statuses
)
SELECT
  j.repository AS repo,
  j.deployment_id,
  s.id AS status_id,
  s.state,
  CAST(s.created_at AS TIMESTAMPTZ) AS created_at,
  s.description,
  coalesce(s.log_url, s.target_url) AS log_url,
  sync_run_id
FROM lists, unnest(lists.j.statuses) AS t(s);
COMMENT ON VIEW stg_github__deployment_statuses IS 'GitHub deployment statuses, one row per status (pending, queued, in_progress, success, failure, error, inactive), unnested from raw_github__deployment_statuses.';
