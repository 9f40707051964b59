CREATE OR REPLACE VIEW metric_action_item_completion AS
WITH setting AS (
  SELECT
    coalesce((SELECT max(value) FILTER (WHERE key = 'reporting_timezone') FROM settings), 'UTC') AS tz,
    -- Open items are judged as of the latest sync run (the moment the data describes), not the query time.
    coalesce((SELECT max(started_at) FROM sync_runs), now()) AS as_of
),
items AS (
  SELECT
    a.*,
    s.as_of,
    -- No due date: the item sits in the period it was created in, in its own column.
    timezone(s.tz, coalesce(a.due_at, a.created_at)) AS period_local
  FROM action_items AS a
  CROSS JOIN setting AS s
  WHERE NOT coalesce(a.is_deleted, false)
)
SELECT
  g.grain AS period_grain,
  CAST(date_trunc(g.grain, i.period_local) AS DATE) AS period_start,
  CASE WHEN grouping(i.team_key) = 1 THEN '(all)' ELSE i.team_key END AS team_key,
  CASE WHEN grouping(i.owner_person_key) = 1 THEN '(all)' ELSE coalesce(i.owner_person_key, 'unassigned') END
    AS owner_person_key,
  count(*) AS items,
  count(*) FILTER (WHERE i.due_at IS NOT NULL) AS due,
  count(*) FILTER (WHERE i.completed_at <= i.due_at) AS completed_on_time,
  count(*) FILTER (WHERE i.completed_at > i.due_at) AS completed_late,
  count(*) FILTER (WHERE i.completed_at IS NULL AND i.due_at < i.as_of) AS open_overdue,
  count(*) FILTER (WHERE i.completed_at IS NULL AND i.due_at >= i.as_of) AS open_not_yet_due,
  count(*) FILTER (WHERE i.due_at IS NULL) AS no_due_date,
  count(*) FILTER (WHERE i.due_at IS NULL AND i.completed_at IS NOT NULL) AS no_due_date_completed,
  count(*) FILTER (WHERE i.completed_at <= i.due_at) / nullif(count(*) FILTER (WHERE i.due_at IS NOT NULL), 0)
    AS on_time_rate
FROM items AS i
CROSS JOIN (VALUES ('week'), ('month'), ('quarter')) AS g(grain)
GROUP BY GROUPING SETS (
  (g.grain, period_start, i.team_key, i.owner_person_key),
  (g.grain, period_start, i.team_key),
  (g.grain, period_start, i.owner_person_key),
  (g.grain, period_start)
);
COMMENT ON VIEW metric_action_item_completion IS 'Postmortem action items per team, owner and period of due_at (week, month, quarter in the reporting time zone): due, completed on time (completed_at no later than the end of the due day in the reporting zone), completed late, open and overdue, open and not yet due, and on_time_rate. Items without a due date are counted in no_due_date, in the period they were created in. Open items are judged as of the latest sync run. Rows where team_key or owner_person_key is (all) are roll-ups. Target in the seeds: over 90 %.';
COMMENT ON COLUMN metric_action_item_completion.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_action_item_completion.period_start IS 'First day of the period of due_at (created_at for items without a due date), in the reporting time zone.';
COMMENT ON COLUMN metric_action_item_completion.team_key IS 'Owning team now (teams.team_key), or (all).';
COMMENT ON COLUMN metric_action_item_completion.owner_person_key IS 'Assignee (action_items.owner_person_key), unassigned, or (all).';
COMMENT ON COLUMN metric_action_item_completion.items IS 'Items in the group: due + no_due_date.';
COMMENT ON COLUMN metric_action_item_completion.due IS 'Items with a due date in the period: completed_on_time + completed_late + open_overdue + open_not_yet_due.';
COMMENT ON COLUMN metric_action_item_completion.completed_on_time IS 'Completed at or before the end of the due day (reporting time zone).';
COMMENT ON COLUMN metric_action_item_completion.completed_late IS 'Completed after the end of the due day.';
COMMENT ON COLUMN metric_action_item_completion.open_overdue IS 'Not completed, and the due day has ended.';
COMMENT ON COLUMN metric_action_item_completion.open_not_yet_due IS 'Not completed, and the due day has not ended yet.';
COMMENT ON COLUMN metric_action_item_completion.no_due_date IS 'Items without a due date (never silently dropped), by period of creation.';
COMMENT ON COLUMN metric_action_item_completion.no_due_date_completed IS 'Of those, completed.';
COMMENT ON COLUMN metric_action_item_completion.on_time_rate IS 'completed_on_time / due (0..1); null when nothing is due.';
