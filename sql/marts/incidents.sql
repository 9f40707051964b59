-- depends: incident_events, services, service_owners, incident_links
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
    f.team_key AS file_team_key,
    coalesce(it.team_key, 'pagerduty:' || i.team_id) AS incident_team_key,
    coalesce(st.team_key, 'pagerduty:' || ps.team_id) AS service_team_key,
    et.team_key AS policy_team_key
  FROM stg_pagerduty__incidents AS i
  LEFT JOIN timeline AS t USING (incident_key)
  -- Point in time: the file owner whose interval holds the moment the incident was detected.
  LEFT JOIN stg_ownership__pagerduty_service_owners AS f
    ON f.service_id = i.service_id
    AND (f.valid_from IS NULL OR i.created_at >= f.valid_from)
    AND (f.valid_to IS NULL OR i.created_at < f.valid_to)
  LEFT JOIN stg_ownership__pagerduty_teams AS it ON it.team_id = i.team_id
  LEFT JOIN stg_pagerduty__services AS ps ON ps.service_id = i.service_id
  LEFT JOIN stg_ownership__pagerduty_teams AS st ON st.team_id = ps.team_id
  LEFT JOIN stg_pagerduty__escalation_policies AS ep
    ON ep.escalation_policy_id = coalesce(i.escalation_policy_id, ps.escalation_policy_id)
  LEFT JOIN stg_ownership__pagerduty_teams AS et ON et.team_id = ep.team_id
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
),
-- The Jira incident ticket that tracks each incident (the earliest, when several name the same one).
tickets AS (
  SELECT
    k.incident_key,
    k.ticket_key,
    j.*,
    (SELECT m.severity FROM severity_mappings AS m
      WHERE m.source = 'jira' AND m.field = 'severity' AND m.source_value = lower(trim(j.severity_value))) AS jira_severity,
    coalesce(
      (SELECT m.severity FROM severity_mappings AS m
        WHERE m.source = 'jira' AND m.field = 'severity' AND m.source_value = lower(trim(j.customer_severity_value))),
      j.customer_severity_value
    ) AS jira_customer_severity,
    tl.first_in_progress_at,
    tl.done_at,
    tl.reopen_count AS jira_reopen_count,
    it.team_key AS jira_team_key,
    it.ownership_rule AS jira_ownership_rule
  FROM incident_links AS k
  JOIN stg_jira__issues AS j ON j.scope = 'incidents' AND j.issue_id = k.issue_id
  LEFT JOIN stg_jira__issue_timelines AS tl ON tl.scope = 'incidents' AND tl.issue_id = k.issue_id
  LEFT JOIN stg_jira__issue_teams AS it ON it.scope = 'incidents' AND it.issue_id = k.issue_id
  WHERE k.is_primary_ticket
),
ticket_facts AS (
  SELECT
    incident_key,
    ticket_key,
    jira_severity AS ticket_severity,
    jira_customer_severity AS ticket_customer_severity,
    impact_started_at AS ticket_impact_started_at,
    mitigated_at AS ticket_mitigated_at,
    is_external AS ticket_is_external,
    root_cause AS ticket_root_cause
  FROM tickets
),
pagerduty AS (
SELECT
  incident_key,
  'pagerduty' AS source,
  source_id,
  source_url,
  incident_number,
  title,
  current_status AS status,
  'pagerduty:' || service_id AS service_key,
  coalesce(file_team_key, incident_team_key, service_team_key, policy_team_key, 'unowned') AS team_key,
  CASE
    WHEN file_team_key IS NOT NULL THEN 'ownership_file'
    WHEN incident_team_key IS NOT NULL THEN 'pagerduty_incident_team'
    WHEN service_team_key IS NOT NULL THEN 'pagerduty_service_team'
    WHEN policy_team_key IS NOT NULL THEN 'pagerduty_escalation_policy_team'
    ELSE 'none'
  END AS ownership_rule,
  coalesce(by_priority.severity, by_urgency.severity, ticket_severity) AS severity,
  ticket_customer_severity AS customer_severity,
  priority,
  urgency,
  ticket_impact_started_at AS impact_started_at,
  created_at AS detected_at,
  acknowledged AS acknowledged_at,
  ticket_mitigated_at AS mitigated_at,
  CASE WHEN current_status = 'resolved' THEN resolved END AS resolved_at,
  reopens AS reopen_count,
  escalations AS escalation_count,
  date_diff('millisecond', created_at, acknowledged) / 60000.0 AS minutes_to_acknowledge,
  CASE WHEN current_status = 'resolved' THEN date_diff('millisecond', created_at, resolved) / 60000.0 END
    AS minutes_to_resolve,
  coalesce(ticket_is_external, false) AS is_external,
  ticket_key,
  sync_run_id,
  ticket_root_cause AS root_cause
FROM settled
LEFT JOIN ticket_facts USING (incident_key)
LEFT JOIN severity_mappings AS by_priority
  ON by_priority.source = 'pagerduty' AND by_priority.field = 'priority' AND by_priority.source_value = settled.priority
LEFT JOIN severity_mappings AS by_urgency
  ON by_urgency.source = 'pagerduty' AND by_urgency.field = 'urgency' AND by_urgency.source_value = settled.urgency
),
-- Incidents only Jira knows (reported by customers, or naming no loaded PagerDuty incident).
jira_only AS (
  SELECT
    incident_key,
    'jira' AS source,
    issue_id AS source_id,
    source_url,
    TRY_CAST(split_part(ticket_key, '-', 2) AS BIGINT) AS incident_number,
    summary AS title,
    CASE status_category WHEN 'done' THEN 'resolved' WHEN 'indeterminate' THEN 'acknowledged' ELSE 'triggered' END
      AS status,
    CAST(NULL AS VARCHAR) AS service_key,
    jira_team_key AS team_key,
    jira_ownership_rule AS ownership_rule,
    jira_severity AS severity,
    jira_customer_severity AS customer_severity,
    CAST(NULL AS VARCHAR) AS priority,
    CAST(NULL AS VARCHAR) AS urgency,
    impact_started_at,
    created_at AS detected_at,
    first_in_progress_at AS acknowledged_at,
    mitigated_at,
    done_at AS resolved_at,
    jira_reopen_count AS reopen_count,
    0 AS escalation_count,
    date_diff('millisecond', created_at, first_in_progress_at) / 60000.0 AS minutes_to_acknowledge,
    date_diff('millisecond', created_at, done_at) / 60000.0 AS minutes_to_resolve,
    is_external,
    ticket_key,
    sync_run_id,
    root_cause
  FROM tickets
  WHERE incident_key LIKE 'jira:%'
),
every_incident AS (
  SELECT * FROM pagerduty
  UNION ALL BY NAME
  SELECT * FROM jira_only
),
setting AS (
  SELECT coalesce(max(value) FILTER (WHERE key = 'exclude_external_from_teams'), 'true') = 'true' AS exclude_external
  FROM settings
)
-- Decided here once, so every team figure (durations, SLA, exports) leaves out the same incidents.
SELECT every_incident.*, NOT (is_external AND setting.exclude_external) AS counts_for_team
FROM every_incident
CROSS JOIN setting;
COMMENT ON TABLE incidents IS 'One row per incident after cross-system linking. Times are UTC TIMESTAMPTZ; durations in minutes.';
COMMENT ON COLUMN incidents.incident_key IS 'Stable key: pagerduty:<incident id> (jira:<key> for Jira-only incidents, see incident_links).';
COMMENT ON COLUMN incidents.source IS 'System of record for the incident.';
COMMENT ON COLUMN incidents.source_id IS 'Incident id in the source.';
COMMENT ON COLUMN incidents.source_url IS 'Link to the incident in the source.';
COMMENT ON COLUMN incidents.incident_number IS 'Human-facing incident number in the source.';
COMMENT ON COLUMN incidents.title IS 'Incident title.';
COMMENT ON COLUMN incidents.status IS 'triggered, acknowledged or resolved, from the latest state event of the timeline.';
COMMENT ON COLUMN incidents.service_key IS 'services.service_key of the affected service; null for Jira-only incidents.';
COMMENT ON COLUMN incidents.team_key IS 'Team accountable for the incident at the time it was detected (teams.team_key); unowned when no rule matched.';
COMMENT ON COLUMN incidents.ownership_rule IS 'Rule that decided team_key, in order of precedence: ownership_file (the owner of the service in the ownership file at detection time), pagerduty_incident_team (the incident''s team), pagerduty_service_team (its service''s team), pagerduty_escalation_policy_team (its escalation policy''s team); for Jira-only incidents ownership_file (the project''s service owner), jira_team_field, jira_project_setting, jira_project_name or jira_project_category; none.';
COMMENT ON COLUMN incidents.severity IS 'SEV1..SEV4 from the configured mapping (severity_mappings): PagerDuty priority first, urgency when the incident has no mapped priority, then the Jira ticket''s severity field (the only source for Jira-only incidents).';
COMMENT ON COLUMN incidents.customer_severity IS 'Severity as reported by the customer (the Jira ticket''s customer severity field, mapped to SEV1..SEV4 where the mapping knows the value); null where no source records it.';
COMMENT ON COLUMN incidents.priority IS 'Source priority (P1..P5) as received.';
COMMENT ON COLUMN incidents.urgency IS 'PagerDuty urgency (high, low).';
COMMENT ON COLUMN incidents.impact_started_at IS 'When customers were first affected (the Jira ticket''s impact start field); null where unknown.';
COMMENT ON COLUMN incidents.detected_at IS 'When the organisation knew: PagerDuty created_at; for Jira-only incidents the ticket''s created time.';
COMMENT ON COLUMN incidents.acknowledged_at IS 'First acknowledgement (PagerDuty acknowledge log entry; Jira-only: first transition into an in-progress status category); null if never acknowledged.';
COMMENT ON COLUMN incidents.mitigated_at IS 'When impact was mitigated (the Jira ticket''s mitigation field); null where unknown.';
COMMENT ON COLUMN incidents.resolved_at IS 'Final resolution (the last resolve log entry, not last_status_change_at; Jira-only: the last transition into a done status); null while open.';
COMMENT ON COLUMN incidents.reopen_count IS 'How often the incident was reopened after a resolution.';
COMMENT ON COLUMN incidents.escalation_count IS 'Escalations in the timeline.';
COMMENT ON COLUMN incidents.minutes_to_acknowledge IS 'acknowledged_at - detected_at in minutes.';
COMMENT ON COLUMN incidents.minutes_to_resolve IS 'resolved_at - detected_at in minutes (null while open).';
COMMENT ON COLUMN incidents.is_external IS 'Third-party cause (the Jira ticket''s external cause field or an external label): excluded from team accountability figures, counted in totals.';
COMMENT ON COLUMN incidents.ticket_key IS 'Key of the Jira ticket that tracks this incident, once linked (see incident_links); the ticket itself for Jira-only incidents.';
COMMENT ON COLUMN incidents.sync_run_id IS 'Sync run that last changed the incident''s source record.';
COMMENT ON COLUMN incidents.counts_for_team IS 'False for external incidents while metrics.exclude_external_from_teams is on (the default): team figures (metric_durations, metric_sla, the calibration export) leave them out; totals keep them.';
COMMENT ON COLUMN incidents.root_cause IS 'Root cause recorded on the Jira ticket, as written there; null where none (postmortem root causes are in postmortems and incident_recurrence).';
