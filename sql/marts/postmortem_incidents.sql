-- depends: incident_links
CREATE OR REPLACE TABLE postmortem_incidents AS
WITH setting AS (
  SELECT coalesce(max(value) FILTER (WHERE key = 'jira_link_type_postmortem'), 'Postmortem') AS link_type FROM settings
),
postmortems AS (SELECT * FROM stg_jira__issues WHERE scope = 'postmortems' AND NOT is_deleted),
-- A link shows on both issues: read it from either end, in the postmortem -> incident direction.
pairs AS (
  SELECT l.issue_id AS postmortem_issue_id, l.other_issue_id AS ticket_issue_id
  FROM stg_jira__issue_links AS l, setting
  WHERE l.scope = 'postmortems' AND l.link_type = setting.link_type AND l.direction = 'outward'
  UNION
  SELECT l.other_issue_id, l.issue_id
  FROM stg_jira__issue_links AS l, setting
  WHERE l.scope = 'incidents' AND l.link_type = setting.link_type AND l.direction = 'inward'
),
by_link AS (
  SELECT p.issue_key AS postmortem_ticket, k.incident_key, k.ticket_key, 'link' AS link_basis
  FROM pairs
  JOIN postmortems AS p ON p.issue_id = pairs.postmortem_issue_id
  JOIN incident_links AS k ON k.issue_id = pairs.ticket_issue_id
  WHERE k.incident_key IS NOT NULL
),
-- A postmortem that names a PagerDuty incident itself (field or label), with no incident ticket between.
by_reference AS (
  SELECT p.issue_key, 'pagerduty:' || p.pagerduty_incident_id, CAST(NULL AS VARCHAR), 'pagerduty_reference'
  FROM postmortems AS p
  WHERE p.pagerduty_incident_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM stg_pagerduty__incidents AS i WHERE i.source_id = p.pagerduty_incident_id)
)
SELECT DISTINCT ON (postmortem_ticket, incident_key)
  'jira:' || postmortem_ticket AS postmortem_key,
  incident_key,
  ticket_key,
  link_basis
FROM (SELECT * FROM by_link UNION ALL SELECT * FROM by_reference)
ORDER BY postmortem_ticket, incident_key, link_basis;
COMMENT ON TABLE postmortem_incidents IS 'Which incidents each postmortem reviews (a postmortem may cover several): one row per (postmortem_key, incident_key).';
COMMENT ON COLUMN postmortem_incidents.postmortem_key IS 'postmortems.postmortem_key.';
COMMENT ON COLUMN postmortem_incidents.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN postmortem_incidents.ticket_key IS 'The Jira incident ticket the link goes through; null when the postmortem names the PagerDuty incident itself.';
COMMENT ON COLUMN postmortem_incidents.link_basis IS 'link (the configured postmortem link type, jira.link_types.postmortem) or pagerduty_reference (the postmortem''s own PagerDuty field or label).';
