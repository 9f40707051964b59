CREATE OR REPLACE VIEW stg_github__deployments AS
WITH d AS (
  SELECT
    json_transform(payload, '{
      "url": "VARCHAR", "id": "BIGINT", "sha": "VARCHAR", "ref": "VARCHAR", "task": "VARCHAR", "environment": "VARCHAR",
      "description": "VARCHAR", "creator": {"login": "VARCHAR"}, "created_at": "VARCHAR"
    }') AS j,
    sync_run_id
  FROM raw_github__deployments
)
SELECT
  regexp_extract(j.url, '/repos/([^/]+/[^/]+)/', 1) AS repo,
  j.id AS deployment_id,
  j.sha,
  j.ref,
  j.task,
  j.environment,
  j.description,
  j.creator.login AS creator_login,
  CAST(j.created_at AS TIMESTAMPTZ) AS created_at,
  sync_run_id
FROM d;
COMMENT ON VIEW stg_github__deployments IS 'GitHub deployments, typed from raw_github__deployments (one row per deployment).';
