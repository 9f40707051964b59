CREATE OR REPLACE VIEW stg_github__incident_references AS
WITH fields AS (
  SELECT trim(f) AS field
  FROM (SELECT coalesce(max(value) FILTER (WHERE key = 'github_explicit_link_fields'), 'title') AS v FROM settings),
    unnest(string_split(v, ',')) AS t(f)
  WHERE trim(f) <> ''
),
texts AS (
  SELECT 'pagerduty:' || i.source_id AS incident_key, f.field, i.payload ->> f.field AS text
  FROM raw_pagerduty__incidents AS i
  CROSS JOIN fields AS f
)
SELECT DISTINCT incident_key, field, 'sha' AS reference_kind, lower(m) AS reference, CAST(NULL AS BIGINT) AS pull_number
FROM texts, unnest(regexp_extract_all(text, '\b[0-9a-fA-F]{7,40}\b')) AS t(m)
WHERE text IS NOT NULL
UNION ALL
SELECT DISTINCT
  incident_key,
  field,
  'pull',
  lower(regexp_extract(m, '^([^#]+)#', 1)),
  CAST(regexp_extract(m, '#([0-9]+)$', 1) AS BIGINT)
FROM texts, unnest(regexp_extract_all(text, '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[0-9]+')) AS t(m)
WHERE text IS NOT NULL;
COMMENT ON VIEW stg_github__incident_references IS 'Changes that PagerDuty incidents name in the fields of github.linking.pagerduty_fields: commit SHAs (7 to 40 hex digits) and pull requests (owner/repo#N). They link an incident to a deploy explicitly.';
