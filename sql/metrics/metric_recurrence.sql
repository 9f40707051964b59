CREATE OR REPLACE VIEW metric_recurrence AS
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(r.team_key) = 1 THEN '(all)' ELSE r.team_key END AS team_key,
  CASE WHEN grouping(r.recurrence_basis) = 1 THEN '(all)' ELSE r.recurrence_basis END AS recurrence_basis,
  count(*) AS incidents,
  count(*) FILTER (WHERE r.root_cause_key IS NOT NULL) AS incidents_with_root_cause,
  count(*) FILTER (WHERE r.recurs) AS recurring,
  count(*) FILTER (WHERE r.recurs) / nullif(count(*) FILTER (WHERE r.root_cause_key IS NOT NULL), 0) AS recurrence_rate,
  count(*) FILTER (WHERE r.recurrence_basis = 'postmortem') AS postmortem_based,
  count(*) FILTER (WHERE r.is_external) AS external,
  count(*) FILTER (WHERE r.recurs AND r.is_external) AS recurring_external
FROM incident_recurrence AS r
JOIN incident_periods AS p USING (incident_key)
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, r.team_key, r.recurrence_basis),
  (p.period_grain, p.period_start, r.team_key),
  (p.period_grain, p.period_start, r.recurrence_basis),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_recurrence IS 'Recurrence: share of incidents that recur (an earlier incident with the same root_cause_key was detected within the recurrence window before them; see incident_recurrence), per team and period of detected_at (week, month, quarter in the reporting time zone). Rows where team_key or recurrence_basis is (all) are roll-ups. Target in the seeds: under 10 %.';
COMMENT ON COLUMN metric_recurrence.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_recurrence.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_recurrence.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_recurrence.recurrence_basis IS 'postmortem (root cause from a postmortem), fingerprint (service + normalised title), or (all).';
COMMENT ON COLUMN metric_recurrence.incidents IS 'Incidents detected in the period.';
COMMENT ON COLUMN metric_recurrence.incidents_with_root_cause IS 'Of those, incidents with a root_cause_key (every incident has one once the fingerprint stands in for a missing postmortem).';
COMMENT ON COLUMN metric_recurrence.recurring IS 'Of those, incidents that recur.';
COMMENT ON COLUMN metric_recurrence.recurrence_rate IS 'recurring / incidents_with_root_cause (0..1).';
COMMENT ON COLUMN metric_recurrence.postmortem_based IS 'Incidents whose root_cause_key comes from a postmortem.';
COMMENT ON COLUMN metric_recurrence.external IS 'Incidents with a third-party cause (is_external), counted in the figures above.';
COMMENT ON COLUMN metric_recurrence.recurring_external IS 'Recurring incidents with a third-party cause.';
