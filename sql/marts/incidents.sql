-- depends: incident_events, services
CREATE OR REPLACE TABLE incidents AS
WITH timeline AS (
  SELECT
    incident_key,
    min(occurred_at) FILTER (WHERE event_type = 'acknowledged') AS first_acknowledged_at,
    max(occurred_at) FILTER (WHERE event_type = 'resolved') AS last_resolved_at,
    count(*) FILTER (WHERE event_type = 'reopened') AS reopens,
    count(*) FILTER (WHERE event_type = 'escalated') AS escalations,
    arg_max(event_type, occurred_at) FILTER (
      WHERE event_type IN ('triggered', 'acknowledged', 'unacknowledged', 'resolved', 'reopened')
    ) AS last_state_event
  FROM incident_events
  GROUP BY incident_key
),
joined AS (
  SELECT
    i.*,
    t.first_acknowledged_at,
    t.last_resolved_at,
    coalesce(t.reopens, 0) AS reopens,
    coalesce(t.escalations, 0) AS escalations,
    t.last_state_event,
    s.team_key AS service_team_key
  FROM stg_pagerduty__incidents AS i
  LEFT JOIN timeline AS t USING (incident_key)
  LEFT JOIN services AS s ON s.source = 'pagerduty' AND s.source_id = i.service_id
),
settled AS (
  SELECT
    *,
    -- The log entries are the timeline of record; the payload only fills in when they were not loaded.
    CASE
      WHEN last_state_event IS NULL THEN status
      WHEN last_state_event = 'resolved' THEN 'resolved'
      WHEN last_state_event = 'acknowledged' THEN 'acknowledged'
      ELSE 'triggered'
    END AS current_status,
    coalesce(first_acknowledged_at, payload_first_acknowledged_at) AS acknowledged,
    coalesce(last_resolved_at, payload_resolved_at) AS resolved
  FROM joined
)
SELECT
  incident_key,
  'pagerduty' AS source,
  source_id,
  source_url,
  incident_number,
  title,
  current_status AS status,
  'pagerduty:' || service_id AS service_key,
  CASE
    WHEN team_id IS NOT NULL THEN 'pagerduty:' || team_id
    WHEN service_team_key IS NOT NULL THEN service_team_key
    ELSE 'unowned'
  END AS team_key,
  CASE
    WHEN team_id IS NOT NULL THEN 'pagerduty_incident_team'
    WHEN service_team_key IS NOT NULL AND service_team_key <> 'unowned' THEN 'pagerduty_service_team'
    ELSE 'none'
  END AS ownership_rule,
  coalesce(
    (SELECT m.severity FROM severity_mappings AS m WHERE m.source = 'pagerduty' AND m.field = 'priority' AND m.source_value = priority),
    (SELECT m.severity FROM severity_mappings AS m WHERE m.source = 'pagerduty' AND m.field = 'urgency' AND m.source_value = urgency)
  ) AS severity,
  CAST(NULL AS VARCHAR) AS customer_severity,
  priority,
  urgency,
  CAST(NULL AS TIMESTAMPTZ) AS impact_started_at,
  created_at AS detected_at,
  acknowledged AS acknowledged_at,
  CAST(NULL AS TIMESTAMPTZ) AS mitigated_at,
  CASE WHEN current_status = 'resolved' THEN resolved END AS resolved_at,
  reopens AS reopen_count,
  escalations AS escalation_count,
  date_diff('millisecond', created_at, acknowledged) / 60000.0 AS minutes_to_acknowledge,
  CASE WHEN current_status = 'resolved' THEN date_diff('millisecond', created_at, resolved) / 60000.0 END
    AS minutes_to_resolve,
  false AS is_external,
  CAST(NULL AS VARCHAR) AS ticket_key,
  sync_run_id
FROM settled;
COMMENT ON TABLE incidents IS 'One row per incident after cross-system linking. Times are UTC TIMESTAMPTZ; durations in minutes.';
COMMENT ON COLUMN incidents.incident_key IS 'Stable key: pagerduty:<incident id> (jira:<key> for Jira-only incidents).';
COMMENT ON COLUMN incidents.source IS 'System of record for the incident.';
COMMENT ON COLUMN incidents.source_id IS 'Incident id in the source.';
COMMENT ON COLUMN incidents.source_url IS 'Link to the incident in the source.';
COMMENT ON COLUMN incidents.incident_number IS 'Human-facing incident number in the source.';
COMMENT ON COLUMN incidents.title IS 'Incident title.';
COMMENT ON COLUMN incidents.status IS 'triggered, acknowledged or resolved, from the latest state event of the timeline.';
COMMENT ON COLUMN incidents.service_key IS 'services.service_key of the affected service.';
COMMENT ON COLUMN incidents.team_key IS 'Team accountable for the incident (teams.team_key); unowned when no rule matched.';
COMMENT ON COLUMN incidents.ownership_rule IS 'Rule that decided team_key: pagerduty_incident_team (the incident''s team), pagerduty_service_team (its service''s team) or none.';
COMMENT ON COLUMN incidents.severity IS 'SEV1..SEV4 from the configured mapping (severity_mappings): PagerDuty priority first, urgency when the incident has no mapped priority.';
COMMENT ON COLUMN incidents.customer_severity IS 'Severity as reported by the customer, where a source records it.';
COMMENT ON COLUMN incidents.priority IS 'Source priority (P1..P5) as received.';
COMMENT ON COLUMN incidents.urgency IS 'PagerDuty urgency (high, low).';
COMMENT ON COLUMN incidents.impact_started_at IS 'When customers were first affected; null where unknown.';
COMMENT ON COLUMN incidents.detected_at IS 'When the organisation knew: PagerDuty created_at.';
COMMENT ON COLUMN incidents.acknowledged_at IS 'First acknowledgement (PagerDuty acknowledge log entry); null if never acknowledged.';
COMMENT ON COLUMN incidents.mitigated_at IS 'When impact was mitigated; null where unknown.';
COMMENT ON COLUMN incidents.resolved_at IS 'Final resolution (the last resolve log entry, not last_status_change_at); null while open.';
COMMENT ON COLUMN incidents.reopen_count IS 'How often the incident was reopened after a resolution.';
COMMENT ON COLUMN incidents.escalation_count IS 'Escalations in the timeline.';
COMMENT ON COLUMN incidents.minutes_to_acknowledge IS 'acknowledged_at - detected_at in minutes.';
COMMENT ON COLUMN incidents.minutes_to_resolve IS 'resolved_at - detected_at in minutes (null while open).';
COMMENT ON COLUMN incidents.is_external IS 'Third-party cause: excluded from team accountability figures, counted in totals.';
COMMENT ON COLUMN incidents.ticket_key IS 'Key of the Jira ticket that tracks this incident, once linked.';
COMMENT ON COLUMN incidents.sync_run_id IS 'Sync run that last changed the incident''s source record.';
