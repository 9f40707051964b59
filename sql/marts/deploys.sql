CREATE OR REPLACE TABLE deploys AS
SELECT
  'github:' || d.repo || ':' || d.deploy_kind || ':' || d.source_id AS deploy_key,
  'github' AS source,
  d.source_id,
  d.source_order,
  d.source_url,
  d.repo,
  d.deploy_kind,
  s.service_key,
  coalesce(f.team_key, s.team_key, 'unowned') AS team_key,
  CASE WHEN f.team_key IS NOT NULL THEN 'ownership_file' ELSE coalesce(s.ownership_rule, 'none') END AS ownership_rule,
  coalesce(s.service_mapping, 'none') AS service_mapping,
  d.sha,
  d.ref,
  d.environment,
  d.is_production,
  d.started_at,
  d.finished_at,
  d.status,
  d.succeeded,
  d.rolled_back,
  d.rolled_back_at,
  date_diff('millisecond', d.started_at, d.finished_at) / 60000.0 AS minutes_to_deploy,
  CASE WHEN d.creator_login IS NOT NULL THEN 'github:' || d.creator_login END AS creator_person_key,
  d.sync_run_id
FROM stg_github__deploys AS d
LEFT JOIN stg_github__repository_services AS s ON lower(s.repo) = lower(d.repo)
-- Point in time: the ownership file's owner, when the deploy started, of the service that lists the repository.
LEFT JOIN (
  SELECT m.value AS repo, o.team_key, o.valid_from, o.valid_to
  FROM ownership_service_matches AS m JOIN ownership_service_owners AS o USING (service_key)
  WHERE m.source = 'github'
) AS f
  ON f.repo = lower(d.repo)
  AND (f.valid_from IS NULL OR d.started_at >= f.valid_from)
  AND (f.valid_to IS NULL OR d.started_at < f.valid_to);
COMMENT ON TABLE deploys IS 'One row per deploy from GitHub, by each repository''s deploy kind: a deployment of its environment (Deployments API), a release, or a pull request merged into the default branch. Times are UTC; durations in minutes.';
COMMENT ON COLUMN deploys.deploy_key IS 'Stable key: github:<owner/repo>:<deploy kind>:<deployment id | release id | merge commit sha>.';
COMMENT ON COLUMN deploys.source IS 'System the deploy comes from (github).';
COMMENT ON COLUMN deploys.source_id IS 'Deployment id, release id, or merge commit sha.';
COMMENT ON COLUMN deploys.source_order IS 'GitHub''s numeric id (deployment, release or pull request): breaks ties between deploys finished in the same instant.';
COMMENT ON COLUMN deploys.source_url IS 'Link to the deploy: the deployment''s log, the release or the pull request.';
COMMENT ON COLUMN deploys.repo IS 'Repository, owner/name.';
COMMENT ON COLUMN deploys.deploy_kind IS 'What counts as a deploy of the repository: deployments, releases or merges (github.deploy_kind, per repository in github.repositories).';
COMMENT ON COLUMN deploys.service_key IS 'services.service_key of the PagerDuty service the repository ships; null when no service is mapped.';
COMMENT ON COLUMN deploys.team_key IS 'Team that owns that service (teams.team_key); unowned when the repository maps to no service.';
COMMENT ON COLUMN deploys.ownership_rule IS 'Rule that decided team_key: ownership_file (owner at deploy time of the file service listing the repository), github_repository_service (the team of the repository''s service) or none.';
COMMENT ON COLUMN deploys.service_mapping IS 'How the service was found: setting (github.repositories service), slug (service name slugified = repository name) or none.';
COMMENT ON COLUMN deploys.sha IS 'Commit deployed (for releases, the release''s target_commitish).';
COMMENT ON COLUMN deploys.ref IS 'Branch or tag deployed (deployment ref, release tag, merge base branch).';
COMMENT ON COLUMN deploys.environment IS 'Environment: the deployment''s, production for releases and merges, prerelease for prereleases.';
COMMENT ON COLUMN deploys.is_production IS 'True for the repository''s production environment (github.environment), a release that is not a prerelease, or a merge into the default branch.';
COMMENT ON COLUMN deploys.started_at IS 'When the deploy started: deployment created, release created_at (GitHub: the tagged commit''s date), merge time.';
COMMENT ON COLUMN deploys.finished_at IS 'When it finished: the first success, failure or error status of a deployment, a release''s publication, the merge time; null while running or for drafts.';
COMMENT ON COLUMN deploys.status IS 'State now: the latest deployment status (pending, queued, in_progress, success, failure, error, inactive: inactive is a success a later deploy replaced), success for published releases and merges, pending for drafts.';
COMMENT ON COLUMN deploys.succeeded IS 'The deploy went live: its first final status was success (later inactive included), the release was published, or the pull request merged.';
COMMENT ON COLUMN deploys.rolled_back IS 'It was rolled back: the next deploy to its environment redeployed a sha that ran before it (deployments), or a merged revert names it (merges).';
COMMENT ON COLUMN deploys.rolled_back_at IS 'When the rollback (the redeploy or the revert merge) happened.';
COMMENT ON COLUMN deploys.minutes_to_deploy IS 'finished_at - started_at in minutes.';
COMMENT ON COLUMN deploys.creator_person_key IS 'Who deployed: github:<login> (github-actions[bot] for automation).';
COMMENT ON COLUMN deploys.sync_run_id IS 'Sync run that last changed the source record.';
