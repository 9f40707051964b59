CREATE OR REPLACE VIEW stg_github__releases AS
WITH r AS (
  SELECT
    json_transform(payload, '{
      "url": "VARCHAR", "id": "BIGINT", "tag_name": "VARCHAR", "target_commitish": "VARCHAR", "name": "VARCHAR",
      "draft": "BOOLEAN", "prerelease": "BOOLEAN", "created_at": "VARCHAR", "published_at": "VARCHAR",
      "author": {"login": "VARCHAR"}, "html_url": "VARCHAR"
    }') AS j,
    sync_run_id
  FROM raw_github__releases
)
SELECT
  regexp_extract(j.url, '/repos/([^/]+/[^/]+)/', 1) AS repo,
  j.id AS release_id,
  j.tag_name,
  j.target_commitish,
  j.name,
  j.draft,
  j.prerelease,
  CAST(j.created_at AS TIMESTAMPTZ) AS created_at,
  TRY_CAST(j.published_at AS TIMESTAMPTZ) AS published_at,
  j.author.login AS author_login,
  j.html_url AS source_url,
  sync_run_id
FROM r;
COMMENT ON VIEW stg_github__releases IS 'GitHub releases (drafts included), typed from raw_github__releases.';
