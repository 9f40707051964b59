CREATE OR REPLACE TABLE incident_events AS
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
WHERE EXISTS (SELECT 1 FROM stg_pagerduty__incidents AS i WHERE i.source_id = l.incident_id);
COMMENT ON TABLE incident_events IS 'The incident timeline, one row per event: triggered, acknowledged, unacknowledged, assigned, escalated, notified, annotated, resolved (reopened where the source has it). Key: (incident_key, event_type, occurred_at, source_event_id).';
COMMENT ON COLUMN incident_events.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_events.event_type IS 'triggered, acknowledged, unacknowledged, assigned, escalated, notified, annotated, resolved, reopened.';
COMMENT ON COLUMN incident_events.occurred_at IS 'When it happened (UTC).';
COMMENT ON COLUMN incident_events.source_event_id IS 'Id of the event in the source (PagerDuty log entry id).';
COMMENT ON COLUMN incident_events.source IS 'System the event comes from.';
COMMENT ON COLUMN incident_events.person_key IS 'Person who acted or, for notified, who was notified (people.person_key); null for system events.';
COMMENT ON COLUMN incident_events.agent_type IS 'Who acted, as the source types it (user_reference, service_reference...).';
COMMENT ON COLUMN incident_events.channel_type IS 'How it happened (api, web_trigger, sms, phone, email, push_notification, auto...).';
COMMENT ON COLUMN incident_events.summary IS 'The source''s one-line description.';
COMMENT ON COLUMN incident_events.source_url IS 'Link to the event in the source.';
COMMENT ON COLUMN incident_events.sync_run_id IS 'Sync run that last changed the source record.';
