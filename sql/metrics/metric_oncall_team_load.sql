CREATE OR REPLACE VIEW metric_oncall_team_load AS
WITH cfg AS (SELECT coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz FROM settings),
grains AS (
  SELECT * FROM (VALUES ('week', INTERVAL 7 DAY), ('month', INTERVAL 1 MONTH), ('quarter', INTERVAL 3 MONTH)) AS g(period_grain, step)
),
-- Each team's interruptions per person and period (an interruption counts for the team of the incident that started it).
paged AS (
  SELECT
    pg.team_key,
    g.period_grain,
    CAST(date_trunc(g.period_grain, timezone(cfg.tz, pg.paged_at)) AS DATE) AS period_start,
    pg.person_key,
    count(*) FILTER (WHERE pg.starts_interruption) AS interruptions
  FROM pages AS pg
  CROSS JOIN grains AS g
  CROSS JOIN cfg
  GROUP BY ALL
),
-- Everyone who held a shift of the team's escalation policies in the period, paged or not: a quiet shift is load 0.
on_shift AS (
  SELECT DISTINCT
    s.team_key,
    g.period_grain,
    CAST(unnest(generate_series(
      date_trunc(g.period_grain, timezone(cfg.tz, s.starts_at)),
      date_trunc(g.period_grain, timezone(cfg.tz, s.ends_at - INTERVAL 1 MICROSECOND)),
      g.step
    )) AS DATE) AS period_start,
    s.person_key
  FROM oncall_shifts AS s
  CROSS JOIN grains AS g
  CROSS JOIN cfg
  WHERE s.starts_at IS NOT NULL AND s.ends_at > s.starts_at
),
people_load AS (
  SELECT team_key, period_grain, period_start, person_key, coalesce(p.interruptions, 0) AS interruptions
  FROM (SELECT team_key, period_grain, period_start, person_key FROM paged
        UNION SELECT team_key, period_grain, period_start, person_key FROM on_shift) AS everyone
  LEFT JOIN paged AS p USING (team_key, period_grain, period_start, person_key)
  -- Only periods in which the team was paged at all: shifts outside the loaded incident history say nothing.
  WHERE (team_key, period_grain, period_start) IN (SELECT team_key, period_grain, period_start FROM paged)
),
ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY team_key, period_grain, period_start ORDER BY interruptions, person_key) AS load_rank
  FROM people_load
)
SELECT
  team_key,
  period_grain,
  period_start,
  count(*) AS oncall_people,
  sum(interruptions) AS interruptions,
  sum(interruptions) / count(*) AS interruptions_per_oncall_person,
  max(interruptions) AS max_person_interruptions,
  min(interruptions) AS min_person_interruptions,
  stddev_pop(interruptions) AS load_stddev,
  -- Gini over the people sorted by load: 2 * sum(rank * load) / (n * total) - (n + 1) / n.
  CASE
    WHEN sum(interruptions) = 0 THEN 0.0
    ELSE 2.0 * sum(load_rank * interruptions) / (count(*) * sum(interruptions)) - (count(*) + 1.0) / count(*)
  END AS load_gini
FROM ranked
GROUP BY team_key, period_grain, period_start;
COMMENT ON VIEW metric_oncall_team_load IS 'How on-call load falls across a team''s on-call people per week, month and quarter (cut in the reporting time zone), for periods in which the team was paged: an unfair rotation shows as a high load_gini and a wide max-min gap.';
COMMENT ON COLUMN metric_oncall_team_load.team_key IS 'teams.team_key: the team of the incidents (pages.team_key) and of the escalation policies (oncall_shifts.team_key).';
COMMENT ON COLUMN metric_oncall_team_load.period_grain IS 'week (ISO, Monday), month or quarter.';
COMMENT ON COLUMN metric_oncall_team_load.period_start IS 'First day of the period, in the reporting time zone.';
COMMENT ON COLUMN metric_oncall_team_load.oncall_people IS 'People with a shift of the team''s escalation policies in the period, or paged for the team''s incidents in it.';
COMMENT ON COLUMN metric_oncall_team_load.interruptions IS 'Interruptions started by the team''s incidents in the period (see metric_oncall_load).';
COMMENT ON COLUMN metric_oncall_team_load.interruptions_per_oncall_person IS 'interruptions / oncall_people.';
COMMENT ON COLUMN metric_oncall_team_load.max_person_interruptions IS 'Interruptions of the most interrupted on-call person.';
COMMENT ON COLUMN metric_oncall_team_load.min_person_interruptions IS 'Interruptions of the least interrupted on-call person (0 for a quiet shift).';
COMMENT ON COLUMN metric_oncall_team_load.load_stddev IS 'Population standard deviation of interruptions across the on-call people.';
COMMENT ON COLUMN metric_oncall_team_load.load_gini IS 'Gini coefficient of interruptions across the on-call people: 0 = perfectly even, towards 1 = one person takes it all.';
