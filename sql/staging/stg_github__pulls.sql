CREATE OR REPLACE VIEW stg_github__pulls AS
-- One parse per payload into the fields used (pull request payloads embed the repository twice: ~16 KB each).
WITH p AS (
  SELECT
    json_transform(payload, '{
      "url": "VARCHAR", "number": "BIGINT", "id": "BIGINT", "title": "VARCHAR", "body": "VARCHAR", "state": "VARCHAR",
      "user": {"login": "VARCHAR"}, "created_at": "VARCHAR", "updated_at": "VARCHAR", "closed_at": "VARCHAR",
      "merged_at": "VARCHAR", "merge_commit_sha": "VARCHAR", "base": {"ref": "VARCHAR"}, "head": {"ref": "VARCHAR"},
      "html_url": "VARCHAR"
    }') AS j,
    sync_run_id
  FROM raw_github__pulls
)
SELECT
  regexp_extract(j.url, '/repos/([^/]+/[^/]+)/', 1) AS repo,
  j.number,
  j.id AS pull_id,
  j.title,
  j.body,
  j.state,
  j.user.login AS author_login,
  CAST(j.created_at AS TIMESTAMPTZ) AS created_at,
  CAST(j.updated_at AS TIMESTAMPTZ) AS updated_at,
  TRY_CAST(j.closed_at AS TIMESTAMPTZ) AS closed_at,
  TRY_CAST(j.merged_at AS TIMESTAMPTZ) AS merged_at,
  j.merge_commit_sha,
  j.base.ref AS base_ref,
  j.head.ref AS head_ref,
  j.html_url AS source_url,
  sync_run_id
FROM p;
COMMENT ON VIEW stg_github__pulls IS 'Closed GitHub pull requests, typed from raw_github__pulls (merged_at null: closed without merging).';
