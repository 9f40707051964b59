CREATE OR REPLACE VIEW metric_postmortem_timeliness AS
SELECT
  p.period_grain,
  p.period_start,
  CASE WHEN grouping(c.team_key) = 1 THEN '(all)' ELSE c.team_key END AS team_key,
  CASE WHEN grouping(c.severity) = 1 THEN '(all)' ELSE c.severity END AS severity,
  count(*) AS required,
  count(*) FILTER (WHERE c.compliance = 'on_time') AS completed_on_time,
  count(*) FILTER (WHERE c.compliance = 'late') AS completed_late,
  count(*) FILTER (WHERE c.compliance = 'overdue') AS overdue,
  count(*) FILTER (WHERE c.compliance = 'missing') AS missing,
  count(*) FILTER (WHERE c.compliance = 'pending') AS pending,
  count(*) FILTER (WHERE c.compliance = 'on_time') / count(*) AS on_time_rate,
  quantile_cont(c.hours_to_complete, 0.5) AS median_hours_to_complete
FROM postmortem_compliance AS c
JOIN incident_periods AS p USING (incident_key)
GROUP BY GROUPING SETS (
  (p.period_grain, p.period_start, c.team_key, c.severity),
  (p.period_grain, p.period_start, c.team_key),
  (p.period_grain, p.period_start, c.severity),
  (p.period_grain, p.period_start)
);
COMMENT ON VIEW metric_postmortem_timeliness IS 'Postmortem timeliness: share of incidents that required a postmortem (resolved, severity in postmortem_required) and got one completed within the deadline of their severity (SEV1 48 h after resolution, SEV2 7 days, SEV3 14 days when required, SEV4 none), per team, severity and period of detected_at (week, month, quarter in the reporting time zone). Incidents are listed one by one in postmortem_compliance. Rows where team_key or severity is (all) are roll-ups.';
COMMENT ON COLUMN metric_postmortem_timeliness.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_postmortem_timeliness.period_start IS 'First day of the period of detected_at, in the reporting time zone.';
COMMENT ON COLUMN metric_postmortem_timeliness.team_key IS 'teams.team_key, or (all).';
COMMENT ON COLUMN metric_postmortem_timeliness.severity IS 'SEV1..SEV4, or (all).';
COMMENT ON COLUMN metric_postmortem_timeliness.required IS 'Incidents that required a postmortem: completed_on_time + completed_late + overdue + missing + pending.';
COMMENT ON COLUMN metric_postmortem_timeliness.completed_on_time IS 'Got a postmortem completed by the deadline.';
COMMENT ON COLUMN metric_postmortem_timeliness.completed_late IS 'Got one completed after the deadline.';
COMMENT ON COLUMN metric_postmortem_timeliness.overdue IS 'Have a postmortem, not completed, deadline passed.';
COMMENT ON COLUMN metric_postmortem_timeliness.missing IS 'Have no postmortem and the deadline passed (listed in postmortem_compliance).';
COMMENT ON COLUMN metric_postmortem_timeliness.pending IS 'Not completed, deadline not reached yet (the rate of the period can still rise).';
COMMENT ON COLUMN metric_postmortem_timeliness.on_time_rate IS 'completed_on_time / required (0..1).';
COMMENT ON COLUMN metric_postmortem_timeliness.median_hours_to_complete IS 'Median hours from resolution to completed postmortem, over completed ones (quantile_cont 0.5).';
