-- Raw GitHub payloads, one table per stream, as received (validated). Keys are repository-qualified
-- (`owner/name#id`) because one stream reads many repositories; repositories are keyed by their numeric id.
CREATE TABLE raw_github__repositories (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_github__milestones (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_github__deployments (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_github__deployment_statuses (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_github__releases (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_github__pulls (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_github__issues (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
COMMENT ON TABLE raw_github__repositories IS 'GitHub repositories synced (GET /orgs/{org}/repos, GET /repos/{owner}/{repo}) as received, keyed by repository id.';
COMMENT ON TABLE raw_github__milestones IS 'GitHub milestones (GET /repos/{owner}/{repo}/milestones?state=all) as received, keyed by owner/name#number: the due_on of action items.';
COMMENT ON TABLE raw_github__deployments IS 'GitHub deployments of each repository''s production environment (GET /repos/{owner}/{repo}/deployments) as received, keyed by owner/name#id.';
COMMENT ON TABLE raw_github__deployment_statuses IS 'One row per deployment, keyed by owner/name#deployment id: {repository, deployment_id, etag, statuses[]} where statuses is every status GitHub listed (newest first) as received and etag the validator of that answer, kept to ask again conditionally.';
COMMENT ON TABLE raw_github__releases IS 'GitHub releases (drafts included) of repositories whose deploys are releases, as received, keyed by owner/name#id.';
COMMENT ON TABLE raw_github__pulls IS 'Closed GitHub pull requests (GET /repos/{owner}/{repo}/pulls?state=closed) as received, keyed by owner/name#number.';
COMMENT ON TABLE raw_github__issues IS 'GitHub issues carrying the action-item label (pull requests left out) as received, keyed by owner/name#number.';

CREATE TABLE github_repository_settings (
  full_name VARCHAR PRIMARY KEY,
  deploy_kind VARCHAR,
  environment VARCHAR,
  service VARCHAR
);
COMMENT ON TABLE github_repository_settings IS 'Per-repository settings from github.repositories (written by each sync): what counts as a deploy (deploy_kind), the production environment, and the PagerDuty service (name or id) the repository ships. A null falls back to the github.* default; repositories not listed use the defaults and the slug-name service mapping.';
