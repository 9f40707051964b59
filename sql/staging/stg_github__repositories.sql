CREATE OR REPLACE VIEW stg_github__repositories AS
WITH defaults AS (
  SELECT
    coalesce(max(value) FILTER (WHERE key = 'github_deploy_kind'), 'deployments') AS deploy_kind,
    coalesce(max(value) FILTER (WHERE key = 'github_environment'), 'production') AS environment
  FROM settings
)
SELECT
  CAST(r.source_id AS BIGINT) AS repository_id,
  r.payload ->> 'full_name' AS repo,
  r.payload ->> 'name' AS name,
  coalesce(r.payload ->> 'default_branch', 'main') AS default_branch,
  coalesce(TRY_CAST(r.payload ->> 'archived' AS BOOLEAN), false) AS archived,
  coalesce(s.deploy_kind, d.deploy_kind) AS deploy_kind,
  coalesce(s.environment, d.environment) AS environment,
  s.service AS service_setting,
  r.payload ->> 'html_url' AS source_url,
  r.sync_run_id
FROM raw_github__repositories AS r
CROSS JOIN defaults AS d
LEFT JOIN github_repository_settings AS s ON lower(s.full_name) = lower(r.payload ->> 'full_name');
COMMENT ON VIEW stg_github__repositories IS 'GitHub repositories, typed from raw_github__repositories, with the deploy kind and production environment in force (github.repositories entry, else the github.* defaults).';
