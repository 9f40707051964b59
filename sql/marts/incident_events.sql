-- depends: incident_links
-- A view: its PagerDuty rows are stg_pagerduty__log_entries renamed. As a table, it wrote the same million rows a
-- second time (bench, large: 1.4-1.9 s of every rebuild); through the view, counting all of them takes ~0.1 s.
CREATE OR REPLACE VIEW incident_events AS
SELECT
  'pagerduty:' || l.incident_id AS incident_key,
  CASE l.entry_type
    WHEN 'trigger_log_entry' THEN 'triggered'
    WHEN 'acknowledge_log_entry' THEN 'acknowledged'
    WHEN 'unacknowledge_log_entry' THEN 'unacknowledged'
    WHEN 'assign_log_entry' THEN 'assigned'
    WHEN 'escalate_log_entry' THEN 'escalated'
    WHEN 'resolve_log_entry' THEN 'resolved'
    WHEN 'reopen_log_entry' THEN 'reopened'
    WHEN 'annotate_log_entry' THEN 'annotated'
    WHEN 'notify_log_entry' THEN 'notified'
    ELSE regexp_replace(l.entry_type, '_log_entry$', '')
  END AS event_type,
  l.created_at AS occurred_at,
  l.log_entry_id AS source_event_id,
  'pagerduty' AS source,
  CASE
    WHEN l.notified_user_id IS NOT NULL THEN 'pagerduty:' || l.notified_user_id
    WHEN l.agent_type = 'user_reference' THEN 'pagerduty:' || l.agent_id
  END AS person_key,
  l.agent_type,
  l.channel_type,
  l.summary,
  l.source_url,
  l.sync_run_id
FROM stg_pagerduty__log_entries AS l
-- Entries of incidents created before the loaded history have no incident to belong to.
WHERE l.incident_id IN (SELECT source_id FROM raw_pagerduty__incidents)
UNION ALL
-- Jira-only incidents (no PagerDuty incident): the ticket's creation and its status transitions.
SELECT
  k.incident_key,
  'triggered',
  j.created_at,
  j.issue_key || '/created',
  'jira',
  CAST(NULL AS VARCHAR),
  'jira_user',
  'jira',
  'Ticket ' || j.issue_key || ' created',
  j.source_url,
  j.sync_run_id
FROM incident_links AS k
JOIN stg_jira__issues AS j ON j.scope = 'incidents' AND j.issue_id = k.issue_id
WHERE k.incident_key LIKE 'jira:%'
UNION ALL
SELECT
  k.incident_key,
  CASE
    WHEN c.from_category = 'done' AND coalesce(c.to_category, '') <> 'done' THEN 'reopened'
    WHEN c.to_category = 'done' THEN 'resolved'
    WHEN c.to_category = 'indeterminate' AND coalesce(c.from_category, 'new') = 'new' THEN 'acknowledged'
    WHEN c.to_category = 'new' AND c.from_category = 'indeterminate' THEN 'unacknowledged'
    ELSE 'status_changed'
  END,
  c.changed_at,
  c.history_id,
  'jira',
  'jira:' || c.author_account_id,
  'jira_user',
  'jira',
  coalesce(c.from_status, '?') || ' -> ' || coalesce(c.to_status, '?'),
  j.source_url,
  j.sync_run_id
FROM incident_links AS k
JOIN stg_jira__issues AS j ON j.scope = 'incidents' AND j.issue_id = k.issue_id
JOIN stg_jira__status_changes AS c ON c.scope = 'incidents' AND c.issue_id = k.issue_id
WHERE k.incident_key LIKE 'jira:%';
COMMENT ON VIEW incident_events IS 'The incident timeline, one row per event: triggered, acknowledged, unacknowledged, assigned, escalated, notified, annotated, resolved (reopened where the source has it). PagerDuty incidents: their log entries; Jira-only incidents: the ticket''s creation and status transitions (into an in-progress status from to-do = acknowledged, into done = resolved, out of done = reopened, other moves = status_changed). Key: (incident_key, event_type, occurred_at, source_event_id).';
COMMENT ON COLUMN incident_events.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_events.event_type IS 'triggered, acknowledged, unacknowledged, assigned, escalated, notified, annotated, resolved, reopened; status_changed for other Jira status moves.';
COMMENT ON COLUMN incident_events.occurred_at IS 'When it happened (UTC).';
COMMENT ON COLUMN incident_events.source_event_id IS 'Id of the event in the source (PagerDuty log entry id; Jira changelog history id, or <key>/created).';
COMMENT ON COLUMN incident_events.source IS 'System the event comes from.';
COMMENT ON COLUMN incident_events.person_key IS 'Person who acted or, for notified, who was notified (people.person_key); null for system events.';
COMMENT ON COLUMN incident_events.agent_type IS 'Who acted, as the source types it (user_reference, service_reference...).';
COMMENT ON COLUMN incident_events.channel_type IS 'How it happened (api, web_trigger, sms, phone, email, push_notification, auto...).';
COMMENT ON COLUMN incident_events.summary IS 'The source''s one-line description.';
COMMENT ON COLUMN incident_events.source_url IS 'Link to the event in the source.';
COMMENT ON COLUMN incident_events.sync_run_id IS 'Sync run that last changed the source record.';
