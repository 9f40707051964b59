-- depends: stg_jira__issues
CREATE OR REPLACE VIEW stg_jira__deploy_references AS
WITH prefix AS (
  SELECT lower(coalesce(max(value) FILTER (WHERE key = 'jira_deploy_label_prefix'), 'deploy-')) AS p FROM settings
),
texts AS (
  SELECT issue_id, issue_key, 'deploy_field' AS field, deploy_reference AS text
  FROM stg_jira__issues WHERE scope = 'incidents' AND deploy_reference IS NOT NULL
  UNION ALL
  SELECT i.issue_id, i.issue_key, 'label', substr(l, length(prefix.p) + 1)
  FROM stg_jira__issues AS i, prefix, unnest(i.labels) AS t(l)
  WHERE i.scope = 'incidents' AND starts_with(lower(l), prefix.p)
)
SELECT DISTINCT issue_id, issue_key, field, 'sha' AS reference_kind, lower(m) AS reference, CAST(NULL AS BIGINT) AS pull_number
FROM texts, unnest(regexp_extract_all(text, '\b[0-9a-fA-F]{7,40}\b')) AS t(m)
UNION ALL
SELECT DISTINCT
  issue_id,
  issue_key,
  field,
  'pull',
  lower(regexp_extract(m, '^([^#]+)#', 1)),
  CAST(regexp_extract(m, '#([0-9]+)$', 1) AS BIGINT)
FROM texts, unnest(regexp_extract_all(text, '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[0-9]+')) AS t(m);
COMMENT ON VIEW stg_jira__deploy_references IS 'Changes that Jira incident tickets name as the cause: in the deploy field (jira.fields.deploy) or a label <jira.deploy_label_prefix><sha | owner/repo#N>. They link the incident the ticket tracks to a deploy explicitly.';
