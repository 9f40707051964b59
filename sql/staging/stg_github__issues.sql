CREATE OR REPLACE VIEW stg_github__issues AS
WITH i AS (
  SELECT
    json_transform(payload, '{
      "url": "VARCHAR", "number": "BIGINT", "id": "BIGINT", "title": "VARCHAR", "body": "VARCHAR", "state": "VARCHAR",
      "state_reason": "VARCHAR", "labels": "JSON[]", "assignee": {"login": "VARCHAR"},
      "milestone": {"number": "BIGINT", "due_on": "VARCHAR"}, "created_at": "VARCHAR", "updated_at": "VARCHAR",
      "closed_at": "VARCHAR", "html_url": "VARCHAR"
    }') AS j,
    sync_run_id
  FROM raw_github__issues
)
SELECT
  regexp_extract(j.url, '/repos/([^/]+/[^/]+)/', 1) AS repo,
  j.number,
  j.id AS issue_id,
  j.title,
  j.state,
  j.state_reason,
  -- Labels come as objects ({"name": ...}) or, in some payloads, as bare names.
  list_transform(j.labels, l -> coalesce(l ->> 'name', l ->> '$')) AS labels,
  j.assignee.login AS assignee_login,
  j.milestone.number AS milestone_number,
  TRY_CAST(j.milestone.due_on AS TIMESTAMPTZ) AS milestone_due_on,
  -- The PagerDuty incident an item follows up, when its body links one (…pagerduty.com/incidents/<id>).
  nullif(regexp_extract(j.body, 'pagerduty\.com/incidents/([A-Za-z0-9]+)', 1), '') AS pagerduty_incident_id,
  CAST(j.created_at AS TIMESTAMPTZ) AS created_at,
  CAST(j.updated_at AS TIMESTAMPTZ) AS updated_at,
  TRY_CAST(j.closed_at AS TIMESTAMPTZ) AS closed_at,
  j.html_url AS source_url,
  sync_run_id
FROM i;
COMMENT ON VIEW stg_github__issues IS 'GitHub issues with the action-item label, typed from raw_github__issues.';
