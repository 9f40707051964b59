CREATE OR REPLACE TABLE incident_links AS
WITH tickets AS (SELECT * FROM stg_jira__issues WHERE scope = 'incidents'),
-- PagerDuty's side: an incident whose external reference names the ticket (used when the ticket names none).
external AS (
  SELECT ticket_key, min(incident_id) AS incident_id FROM stg_jira__pagerduty_references GROUP BY ticket_key
),
referenced AS (
  SELECT
    t.*,
    coalesce(t.pagerduty_incident_id, e.incident_id) AS pd_id,
    CASE
      WHEN t.pagerduty_incident_id IS NOT NULL THEN t.pagerduty_link_basis
      WHEN e.incident_id IS NOT NULL THEN 'external_reference'
    END AS basis
  FROM tickets AS t
  LEFT JOIN external AS e ON e.ticket_key = t.issue_key
),
matched AS (
  SELECT
    r.*,
    p.source_id IS NOT NULL AS pd_loaded,
    -- Several tickets for one PagerDuty incident: the earliest is the incident's ticket, the rest duplicates.
    CASE WHEN p.source_id IS NOT NULL AND NOT r.is_deleted THEN
      row_number() OVER (PARTITION BY p.source_id, r.is_deleted ORDER BY r.created_at, r.issue_key)
    END AS rank_for_incident
  FROM referenced AS r
  LEFT JOIN stg_pagerduty__incidents AS p ON p.source_id = r.pd_id
)
SELECT
  issue_key AS ticket_key,
  issue_id,
  CASE
    WHEN is_deleted THEN NULL
    WHEN pd_loaded THEN 'pagerduty:' || pd_id
    ELSE 'jira:' || issue_key
  END AS incident_key,
  pd_id AS pagerduty_incident_id,
  basis AS link_basis,
  CASE
    WHEN is_deleted THEN 'deleted'
    WHEN pd_loaded AND rank_for_incident = 1 THEN 'linked'
    WHEN pd_loaded THEN 'duplicate_ticket'
    WHEN pd_id IS NOT NULL THEN 'pagerduty_incident_not_loaded'
    ELSE 'jira_only'
  END AS link_status,
  coalesce(rank_for_incident = 1 OR (NOT pd_loaded AND NOT is_deleted), false) AS is_primary_ticket,
  is_deleted,
  source_url,
  sync_run_id
FROM matched;
COMMENT ON TABLE incident_links IS 'One row per Jira incident ticket: the incident it belongs to after linking (a ticket and the PagerDuty incident it tracks are one incident) and how it was linked. Tickets that name no loaded PagerDuty incident are incidents of their own (jira:<key>).';
COMMENT ON COLUMN incident_links.ticket_key IS 'Jira issue key of the incident ticket.';
COMMENT ON COLUMN incident_links.issue_id IS 'Jira issue id (stable when the key changes).';
COMMENT ON COLUMN incident_links.incident_key IS 'incidents.incident_key: pagerduty:<id> when linked, jira:<key> for a Jira-only incident, null when the ticket was deleted.';
COMMENT ON COLUMN incident_links.pagerduty_incident_id IS 'PagerDuty incident the ticket names, whether or not it is loaded.';
COMMENT ON COLUMN incident_links.link_basis IS 'How the ticket names its PagerDuty incident: field (the configured PagerDuty field, an id or an incident URL), label (pagerduty-<ID>), external_reference (the PagerDuty incident names the ticket), or null.';
COMMENT ON COLUMN incident_links.link_status IS 'linked; duplicate_ticket (another, earlier ticket tracks the same PagerDuty incident; both count as that one incident); pagerduty_incident_not_loaded (the named incident is not in the warehouse, so the ticket stands alone as jira:<key>); jira_only (names no PagerDuty incident); deleted.';
COMMENT ON COLUMN incident_links.is_primary_ticket IS 'True for the ticket whose key is incidents.ticket_key.';
COMMENT ON COLUMN incident_links.is_deleted IS 'The ticket was deleted in Jira (or left the jira.incidents scope).';
COMMENT ON COLUMN incident_links.source_url IS 'Link to the ticket in Jira.';
COMMENT ON COLUMN incident_links.sync_run_id IS 'Sync run that last changed the ticket''s source record.';
