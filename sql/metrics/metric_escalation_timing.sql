CREATE OR REPLACE VIEW metric_escalation_timing AS
WITH reached AS (
  SELECT
    incident_key,
    min(paged_at) FILTER (WHERE log_entry_type = 'escalate_log_entry' AND escalation_level = 2) AS level_2_at,
    min(paged_at) FILTER (WHERE log_entry_type = 'escalate_log_entry' AND escalation_level = 3) AS level_3_at
  FROM pages
  GROUP BY incident_key
),
timed AS (
  SELECT
    i.incident_key,
    i.team_key,
    coalesce(i.severity, 'unmapped') AS severity,
    date_diff('millisecond', i.detected_at, r.level_2_at) / 60000.0 AS minutes_to_level_2,
    date_diff('millisecond', i.detected_at, r.level_3_at) / 60000.0 AS minutes_to_level_3
  FROM incidents AS i
  LEFT JOIN reached AS r USING (incident_key)
  -- Only PagerDuty knows escalation policies; Jira-only incidents would read as never escalated.
  WHERE i.source = 'pagerduty'
)
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(t.team_key) = 1 THEN '(all)' ELSE t.team_key END AS team_key,
  CASE WHEN grouping(t.severity) = 1 THEN '(all)' ELSE t.severity END AS severity,
  count(*) AS incidents,
  count(t.minutes_to_level_2) AS escalated_past_level_1,
  count(t.minutes_to_level_2) / count(*) AS escalated_share,
  count(t.minutes_to_level_3) AS reached_level_3,
  quantile_cont(t.minutes_to_level_2, 0.5) AS median_minutes_to_level_2,
  quantile_cont(t.minutes_to_level_2, 0.9) AS p90_minutes_to_level_2,
  quantile_cont(t.minutes_to_level_3, 0.5) AS median_minutes_to_level_3,
  quantile_cont(t.minutes_to_level_3, 0.9) AS p90_minutes_to_level_3
FROM timed AS t
JOIN incident_periods AS p USING (incident_key)
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, t.team_key, t.severity),
  (p.period_grain, p.period_start, t.team_key),
  (p.period_grain, p.period_start, t.severity),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_escalation_timing IS 'Escalation timing of PagerDuty incidents per period of detected_at (week, month, quarter in the reporting time zone), team and severity: how many incidents escalated past level 1, and minutes from trigger to level 2 and level 3 (escalate log entries). Rows where team_key or severity is (all) are roll-ups.';
COMMENT ON COLUMN metric_escalation_timing.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_escalation_timing.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_escalation_timing.team_key IS 'teams.team_key (point-in-time owner of the incident), or (all).';
COMMENT ON COLUMN metric_escalation_timing.severity IS 'SEV1..SEV4, unmapped when no mapping matched, or (all).';
COMMENT ON COLUMN metric_escalation_timing.incidents IS 'PagerDuty incidents detected in the period.';
COMMENT ON COLUMN metric_escalation_timing.escalated_past_level_1 IS 'Incidents that escalated at least once (reached level 2) because nobody acknowledged at level 1.';
COMMENT ON COLUMN metric_escalation_timing.escalated_share IS 'escalated_past_level_1 / incidents.';
COMMENT ON COLUMN metric_escalation_timing.reached_level_3 IS 'Incidents that escalated twice or more (reached level 3).';
COMMENT ON COLUMN metric_escalation_timing.median_minutes_to_level_2 IS 'Median minutes from detected_at (trigger) to the first escalation, over incidents that escalated (quantile_cont 0.5).';
COMMENT ON COLUMN metric_escalation_timing.p90_minutes_to_level_2 IS '90th percentile of minutes from trigger to level 2 (quantile_cont 0.9).';
COMMENT ON COLUMN metric_escalation_timing.median_minutes_to_level_3 IS 'Median minutes from trigger to the second escalation (level 3), over incidents that got there.';
COMMENT ON COLUMN metric_escalation_timing.p90_minutes_to_level_3 IS '90th percentile of minutes from trigger to level 3.';
