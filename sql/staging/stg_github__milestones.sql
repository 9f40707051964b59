CREATE OR REPLACE VIEW stg_github__milestones AS
WITH m AS (
  SELECT
    json_transform(payload, '{"url": "VARCHAR", "number": "BIGINT", "title": "VARCHAR", "state": "VARCHAR", "due_on": "VARCHAR"}') AS j,
    sync_run_id
  FROM raw_github__milestones
)
SELECT
  regexp_extract(j.url, '/repos/([^/]+/[^/]+)/', 1) AS repo,
  j.number,
  j.title,
  j.state,
  TRY_CAST(j.due_on AS TIMESTAMPTZ) AS due_on,
  sync_run_id
FROM m;
COMMENT ON VIEW stg_github__milestones IS 'GitHub milestones, typed from raw_github__milestones. due_on is the due day at midnight US Pacific, as GitHub stores it.';
