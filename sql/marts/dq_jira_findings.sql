-- depends: incident_links, incidents, postmortems, action_items
CREATE OR REPLACE TABLE dq_jira_findings AS
SELECT 'incident_ticket' AS record_type, 'jira:' || ticket_key AS record_key, link_status AS finding,
  CASE link_status
    WHEN 'pagerduty_incident_not_loaded' THEN 'names PagerDuty incident ' || pagerduty_incident_id || ', which the warehouse does not hold; kept as its own incident'
    WHEN 'duplicate_ticket' THEN 'another, earlier ticket tracks PagerDuty incident ' || pagerduty_incident_id || '; both count as that one incident'
  END AS detail,
  source_url
FROM incident_links
WHERE link_status IN ('pagerduty_incident_not_loaded', 'duplicate_ticket')
UNION ALL
SELECT 'postmortem', postmortem_key, 'unlinked',
  'reviews no incident the warehouse holds (no link of type jira.link_types.postmortem to a loaded incident ticket)',
  source_url
FROM postmortems WHERE link_status = 'unlinked'
UNION ALL
SELECT 'action_item', action_item_key, 'unlinked',
  'follows up no loaded postmortem (no link of type jira.link_types.action_item, no postmortem parent)', source_url
FROM action_items WHERE link_basis = 'unlinked' AND source = 'jira' AND NOT is_deleted
UNION ALL
SELECT 'incident', i.incident_key, 'customer_severity_mismatch',
  'severity ' || coalesce(i.severity, 'unmapped') || ', customer-reported ' || i.customer_severity, i.source_url
FROM incidents AS i
WHERE i.customer_severity IS NOT NULL AND i.customer_severity IS DISTINCT FROM i.severity
UNION ALL
SELECT 'incident_ticket', 'jira:' || j.issue_key, 'severity_unmapped',
  'severity value ' || j.severity_value || ' is not in jira.severity', j.source_url
FROM stg_jira__issues AS j
WHERE j.scope = 'incidents' AND j.severity_value IS NOT NULL AND NOT j.is_deleted
  AND NOT EXISTS (
    SELECT 1 FROM severity_mappings AS m
    WHERE m.source = 'jira' AND m.field = 'severity' AND m.source_value = lower(trim(j.severity_value))
  );
COMMENT ON TABLE dq_jira_findings IS 'Data-quality findings of the Jira linking, one row per finding: records kept but not linkable (incident tickets naming an incident the warehouse lacks, duplicate tickets, postmortems reviewing no incident, action items following no postmortem), customer-reported severities that differ from the severity, and unmapped Jira severities.';
COMMENT ON COLUMN dq_jira_findings.record_type IS 'incident_ticket, incident, postmortem or action_item.';
COMMENT ON COLUMN dq_jira_findings.record_key IS 'Key of the record (jira:<issue key>, or incidents.incident_key).';
COMMENT ON COLUMN dq_jira_findings.finding IS 'pagerduty_incident_not_loaded, duplicate_ticket, unlinked, customer_severity_mismatch or severity_unmapped.';
COMMENT ON COLUMN dq_jira_findings.detail IS 'What was found, in words.';
COMMENT ON COLUMN dq_jira_findings.source_url IS 'Link to the record in its source.';
