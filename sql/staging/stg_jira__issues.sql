-- A table: it parses every raw payload once, where a view would parse them again for each model reading it.
CREATE OR REPLACE TABLE stg_jira__issues AS
WITH raw AS (
  SELECT 'incidents' AS scope, * FROM raw_jira__incidents
  UNION ALL SELECT 'postmortems', * FROM raw_jira__postmortems
  UNION ALL SELECT 'action_items', * FROM raw_jira__action_items
),
-- One parse per payload (each `->` would parse the whole document again): only the keys used below.
parsed AS (
  SELECT
    scope,
    source_id,
    extracted_at,
    sync_run_id,
    from_json(payload, '{
      "key": "VARCHAR", "self": "VARCHAR",
      "fields": {
        "summary": "VARCHAR", "created": "VARCHAR", "updated": "VARCHAR", "resolutiondate": "VARCHAR",
        "project": {"key": "VARCHAR", "name": "VARCHAR", "projectCategory": {"name": "VARCHAR"}},
        "issuetype": {"name": "VARCHAR"},
        "status": {"id": "VARCHAR", "name": "VARCHAR", "statusCategory": {"key": "VARCHAR"}},
        "resolution": {"name": "VARCHAR"},
        "assignee": {"accountId": "VARCHAR", "displayName": "VARCHAR", "emailAddress": "VARCHAR", "timeZone": "VARCHAR"},
        "labels": ["VARCHAR"]
      },
      "opsledger": {
        "severity": "VARCHAR", "customer_severity": "VARCHAR", "root_cause": "VARCHAR",
        "impact_started_at": "VARCHAR", "mitigated_at": "VARCHAR", "is_external": "BOOLEAN", "due_date": "VARCHAR",
        "team": "VARCHAR", "deploy_reference": "VARCHAR", "pagerduty_incident_id": "VARCHAR", "pagerduty_link_basis": "VARCHAR"
      }
    }') AS p
  FROM raw
),
listed AS (SELECT source_id AS scope, extracted_at AS listed_at FROM raw_jira__live_issues),
live AS (
  SELECT source_id AS scope, unnest(CAST(payload -> 'ids' AS VARCHAR[])) AS issue_id FROM raw_jira__live_issues
)
SELECT
  r.scope,
  r.source_id AS issue_id,
  r.p.key AS issue_key,
  r.p.fields.project.key AS project_key,
  r.p.fields.project.name AS project_name,
  r.p.fields.project.projectCategory.name AS project_category,
  r.p.fields.issuetype.name AS issue_type,
  r.p.fields.summary AS summary,
  r.p.fields.status.id AS status_id,
  r.p.fields.status.name AS status_name,
  r.p.fields.status.statusCategory.key AS status_category,
  r.p.fields.resolution.name AS resolution,
  CAST(r.p.fields.created AS TIMESTAMPTZ) AS created_at,
  CAST(r.p.fields.updated AS TIMESTAMPTZ) AS updated_at,
  TRY_CAST(r.p.fields.resolutiondate AS TIMESTAMPTZ) AS resolution_date,
  r.p.fields.assignee.accountId AS assignee_account_id,
  r.p.fields.assignee.displayName AS assignee_name,
  r.p.fields.assignee.emailAddress AS assignee_email,
  r.p.fields.assignee.timeZone AS assignee_time_zone,
  coalesce(r.p.fields.labels, []) AS labels,
  r.p.opsledger.severity AS severity_value,
  r.p.opsledger.customer_severity AS customer_severity_value,
  r.p.opsledger.root_cause AS root_cause,
  r.p.opsledger.deploy_reference AS deploy_reference,
  TRY_CAST(r.p.opsledger.impact_started_at AS TIMESTAMPTZ) AS impact_started_at,
  TRY_CAST(r.p.opsledger.mitigated_at AS TIMESTAMPTZ) AS mitigated_at,
  coalesce(r.p.opsledger.is_external, false) AS is_external,
  TRY_CAST(r.p.opsledger.due_date AS DATE) AS due_date,
  r.p.opsledger.team AS team_name,
  r.p.opsledger.pagerduty_incident_id AS pagerduty_incident_id,
  r.p.opsledger.pagerduty_link_basis AS pagerduty_link_basis,
  regexp_replace(r.p.self, '/rest/api/.*$', '') || '/browse/' || r.p.key AS source_url,
  -- Deleted (or moved out of the scope): missing from the scope's id list written after this copy was loaded.
  -- A copy newer than the list (the listing failed that run) is not judged.
  coalesce(l.issue_id IS NULL AND s.listed_at >= r.extracted_at, false) AS is_deleted,
  r.extracted_at,
  r.sync_run_id
FROM parsed AS r
LEFT JOIN listed AS s ON s.scope = r.scope
LEFT JOIN live AS l ON l.scope = r.scope AND l.issue_id = r.source_id;
COMMENT ON TABLE stg_jira__issues IS 'Jira issues of the three scopes (incidents, postmortems, action_items), typed from raw_jira__*: system fields, the configured fields read by role (opsledger annotation), the PagerDuty reference, and whether the issue was deleted.';
