-- depends: stg_github__repositories, stg_github__deployments, stg_github__deployment_statuses, stg_github__releases, stg_github__pulls
CREATE OR REPLACE VIEW stg_github__deploys AS
WITH repos AS (SELECT repo, lower(repo) AS repo_lc, deploy_kind, environment, default_branch FROM stg_github__repositories),
statuses AS (
  SELECT
    repo,
    deployment_id,
    arg_max(state, (created_at, status_id)) AS latest_state,
    -- The first terminal status decides the outcome and when the deploy finished.
    arg_min(state, (created_at, status_id)) FILTER (WHERE state IN ('success', 'failure', 'error')) AS outcome,
    min(created_at) FILTER (WHERE state IN ('success', 'failure', 'error')) AS finished_at,
    arg_max(log_url, (created_at, status_id)) AS log_url
  FROM stg_github__deployment_statuses
  GROUP BY repo, deployment_id
),
ordered AS (
  SELECT
    d.*,
    s.latest_state,
    s.outcome,
    s.finished_at,
    s.log_url,
    lead(d.sha) OVER w AS next_sha,
    lead(d.created_at) OVER w AS next_created_at
  FROM stg_github__deployments AS d
  LEFT JOIN statuses AS s USING (repo, deployment_id)
  WINDOW w AS (PARTITION BY lower(d.repo), d.environment ORDER BY d.created_at, d.deployment_id)
),
first_seen AS (
  SELECT lower(repo) AS repo_lc, environment, sha, min(created_at) AS first_at
  FROM stg_github__deployments
  GROUP BY ALL
),
-- Redeploying, as the next deploy to the same environment, a sha that ran there before this one is rolling
-- this one back.
deployments AS (
  SELECT
    o.*,
    coalesce(f.first_at < o.created_at, false) AS rolled_back,
    CASE WHEN f.first_at < o.created_at THEN o.next_created_at END AS rolled_back_at
  FROM ordered AS o
  LEFT JOIN first_seen AS f ON f.repo_lc = lower(o.repo) AND f.environment = o.environment AND f.sha = o.next_sha
),
merges AS (
  SELECT p.*
  FROM stg_github__pulls AS p
  JOIN repos AS r ON r.repo_lc = lower(p.repo) AND r.deploy_kind = 'merges'
  WHERE p.merged_at IS NOT NULL AND p.base_ref = r.default_branch
),
-- A merge is rolled back by the merged revert naming it: GitHub's revert writes `Reverts owner/repo#N` in
-- the body and `Revert "<title>"` as the title (then the latest earlier merge with that title is meant).
reverts AS (
  SELECT
    r.repo,
    r.merged_at AS reverted_at,
    TRY_CAST(nullif(regexp_extract(r.body, 'Reverts [^\s#]+#([0-9]+)', 1), '') AS BIGINT) AS number_named,
    nullif(regexp_extract(r.title, '^Revert "(.*)"$', 1), '') AS title_named,
    r.created_at
  FROM merges AS r
  WHERE r.title LIKE 'Revert "%' OR r.body LIKE '%Reverts %#%'
),
targets AS (
  SELECT v.reverted_at, m.repo, m.number
  FROM reverts AS v
  JOIN merges AS m ON lower(m.repo) = lower(v.repo)
    AND (m.number = v.number_named OR (v.number_named IS NULL AND m.title = v.title_named AND m.merged_at < v.created_at))
  -- Of the earlier merges with that title, only the latest is the one reverted.
  QUALIFY row_number() OVER (PARTITION BY v.repo, v.reverted_at, v.title_named ORDER BY m.merged_at DESC, m.number DESC) = 1
),
reverted AS (SELECT repo, number, min(reverted_at) AS reverted_at FROM targets GROUP BY repo, number)
SELECT
  'deployments' AS deploy_kind,
  d.repo,
  CAST(d.deployment_id AS VARCHAR) AS source_id,
  d.deployment_id AS source_order,
  d.log_url AS source_url,
  d.sha,
  d.ref,
  d.environment,
  d.environment = r.environment AS is_production,
  d.created_at AS started_at,
  d.finished_at,
  coalesce(d.latest_state, 'pending') AS status,
  coalesce(d.outcome = 'success', false) AS succeeded,
  d.rolled_back,
  d.rolled_back_at,
  d.creator_login,
  d.sync_run_id
FROM deployments AS d
JOIN repos AS r ON r.repo_lc = lower(d.repo) AND r.deploy_kind = 'deployments'
UNION ALL
SELECT
  'releases',
  rel.repo,
  CAST(rel.release_id AS VARCHAR),
  rel.release_id,
  rel.source_url,
  rel.target_commitish,
  rel.tag_name,
  CASE WHEN rel.prerelease THEN 'prerelease' ELSE r.environment END,
  NOT rel.prerelease,
  rel.created_at,
  CASE WHEN NOT rel.draft THEN rel.published_at END,
  CASE WHEN NOT rel.draft AND rel.published_at IS NOT NULL THEN 'success' ELSE 'pending' END,
  NOT rel.draft AND rel.published_at IS NOT NULL,
  false,
  CAST(NULL AS TIMESTAMPTZ),
  rel.author_login,
  rel.sync_run_id
FROM stg_github__releases AS rel
JOIN repos AS r ON r.repo_lc = lower(rel.repo) AND r.deploy_kind = 'releases'
UNION ALL
SELECT
  'merges',
  m.repo,
  m.merge_commit_sha,
  m.pull_id,
  m.source_url,
  m.merge_commit_sha,
  m.base_ref,
  r.environment,
  true,
  m.merged_at,
  m.merged_at,
  'success',
  true,
  v.reverted_at IS NOT NULL,
  v.reverted_at,
  m.author_login,
  m.sync_run_id
FROM merges AS m
JOIN repos AS r ON r.repo_lc = lower(m.repo)
LEFT JOIN reverted AS v ON lower(v.repo) = lower(m.repo) AND v.number = m.number;
COMMENT ON VIEW stg_github__deploys IS 'Deploy candidates of every GitHub repository by its deploy kind: deployments of its environment (with their statuses), published releases (drafts pending, prereleases not production), or pull requests merged into the default branch.';
