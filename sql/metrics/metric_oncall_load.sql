CREATE OR REPLACE VIEW metric_oncall_load AS
WITH cfg AS (
  SELECT
    coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_burnout_weekly_interruptions') AS INTEGER), 15) AS weekly_limit,
    coalesce(CAST(max(value) FILTER (WHERE key = 'oncall_burnout_sleep_interruptions') AS INTEGER), 2) AS sleep_limit
  FROM settings
),
weekly AS (
  SELECT
    pg.person_key,
    -- An interruption belongs to the week of its first page.
    CAST(date_trunc('week', timezone(cfg.tz, pg.paged_at)) AS DATE) AS week_start,
    count(*) AS pages,
    count(*) FILTER (WHERE pg.starts_interruption) AS interruptions,
    count(DISTINCT pg.incident_key) AS incidents,
    count(*) FILTER (WHERE pg.starts_interruption AND pg.hours_band = 'business') AS business_hours_interruptions,
    count(*) FILTER (WHERE pg.starts_interruption AND pg.hours_band = 'off') AS off_hours_interruptions,
    count(*) FILTER (WHERE pg.starts_interruption AND pg.hours_band = 'sleep') AS sleep_hours_interruptions
  FROM pages AS pg
  CROSS JOIN cfg
  GROUP BY ALL
),
flagged AS (
  SELECT
    w.*,
    w.interruptions > cfg.weekly_limit AS over_weekly,
    w.sleep_hours_interruptions >= cfg.sleep_limit AS over_sleep
  FROM weekly AS w
  CROSS JOIN cfg
)
SELECT
  f.person_key,
  coalesce(p.team_key, 'unowned') AS team_key,
  f.week_start,
  f.pages,
  f.interruptions,
  f.incidents,
  f.business_hours_interruptions,
  f.off_hours_interruptions,
  f.sleep_hours_interruptions,
  f.over_weekly OR f.over_sleep AS burnout,
  CASE
    WHEN f.over_weekly AND f.over_sleep THEN 'weekly_interruptions,sleep_interruptions'
    WHEN f.over_weekly THEN 'weekly_interruptions'
    WHEN f.over_sleep THEN 'sleep_interruptions'
  END AS burnout_reason
FROM flagged AS f
LEFT JOIN people AS p USING (person_key);
COMMENT ON VIEW metric_oncall_load IS 'On-call load per person and ISO week (cut in the reporting time zone) in which the person was paged: pages, interruptions (pages within oncall_interruption_window_seconds of the previous one count once), incidents, interruptions by the hours of the person''s own day, and the burnout flag.';
COMMENT ON COLUMN metric_oncall_load.person_key IS 'people.person_key.';
COMMENT ON COLUMN metric_oncall_load.team_key IS 'The person''s team (people.team_key), unowned when none.';
COMMENT ON COLUMN metric_oncall_load.week_start IS 'Monday of the ISO week, in the reporting time zone.';
COMMENT ON COLUMN metric_oncall_load.pages IS 'Pages (notifications, assignments, escalations) to the person in the week.';
COMMENT ON COLUMN metric_oncall_load.interruptions IS 'Interruptions that started in the week: pages to the same person no more than the window (default 60 s) after the previous page count as one.';
COMMENT ON COLUMN metric_oncall_load.incidents IS 'Distinct incidents the person was paged for in the week.';
COMMENT ON COLUMN metric_oncall_load.business_hours_interruptions IS 'Interruptions whose first page fell in business hours of the person''s own zone (default 08:00-18:00 Monday to Friday).';
COMMENT ON COLUMN metric_oncall_load.off_hours_interruptions IS 'Interruptions whose first page fell in off hours of the person''s own zone (default 18:00-22:00 on weekdays, and weekend days outside sleep hours).';
COMMENT ON COLUMN metric_oncall_load.sleep_hours_interruptions IS 'Interruptions whose first page fell in sleep hours of the person''s own zone (default 22:00-08:00, any day).';
COMMENT ON COLUMN metric_oncall_load.burnout IS 'True when interruptions exceed oncall_burnout_weekly_interruptions (default 15) or sleep_hours_interruptions reach oncall_burnout_sleep_interruptions (default 2).';
COMMENT ON COLUMN metric_oncall_load.burnout_reason IS 'Which threshold fired: weekly_interruptions, sleep_interruptions, or both (comma-separated); null when not flagged.';
