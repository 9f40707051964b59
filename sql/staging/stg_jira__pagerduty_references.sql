CREATE OR REPLACE VIEW stg_jira__pagerduty_references AS
WITH refs AS (
  SELECT source_id AS incident_id, unnest(CAST(payload -> 'external_references' AS JSON[])) AS ref
  FROM raw_pagerduty__incidents
  WHERE json_array_length(payload -> 'external_references') > 0
)
SELECT DISTINCT
  incident_id,
  coalesce(
    regexp_extract(ref ->> 'external_url', '/browse/([A-Z][A-Z0-9_]*-[0-9]+)', 1),
    regexp_extract(ref ->> 'external_id', '^([A-Z][A-Z0-9_]*-[0-9]+)$', 1)
  ) AS ticket_key
FROM refs
WHERE nullif(coalesce(
    regexp_extract(ref ->> 'external_url', '/browse/([A-Z][A-Z0-9_]*-[0-9]+)', 1),
    regexp_extract(ref ->> 'external_id', '^([A-Z][A-Z0-9_]*-[0-9]+)$', 1)
  ), '') IS NOT NULL;
COMMENT ON VIEW stg_jira__pagerduty_references IS 'Jira ticket keys named by PagerDuty incidents'' external_references (what PagerDuty''s Jira integration records): the PagerDuty side of an incident-ticket link.';
