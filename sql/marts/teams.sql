CREATE OR REPLACE TABLE teams AS
SELECT
  t.team_key,
  t.name,
  'ownership_file' AS source,
  CAST(NULL AS VARCHAR) AS source_id,
  CAST(NULL AS VARCHAR) AS source_url,
  CAST(NULL AS VARCHAR) AS sync_run_id,
  (SELECT string_agg(p.team_id, ',' ORDER BY p.team_id) FROM stg_ownership__pagerduty_teams AS p WHERE p.team_key = t.team_key)
    AS pagerduty_team_ids
FROM ownership_teams AS t
UNION ALL
SELECT
  m.team_key,
  p.name,
  'pagerduty',
  p.team_id,
  p.source_url,
  p.sync_run_id,
  p.team_id
FROM stg_pagerduty__teams AS p
JOIN stg_ownership__pagerduty_teams AS m USING (team_id)
WHERE NOT m.in_ownership_file
UNION ALL
SELECT 'unowned', 'Unowned (no ownership rule matched)', 'opsledger', NULL, NULL, NULL, NULL;
COMMENT ON TABLE teams IS 'Teams, one row per team: those of the ownership file (team_key = the key given there), then PagerDuty teams no file team matches (team_key = pagerduty:<team id>). The row unowned collects what no rule attributes, so it is counted, never a silent null.';
COMMENT ON COLUMN teams.team_key IS 'Stable key used by every per-team table and metric.';
COMMENT ON COLUMN teams.name IS 'Display name (the ownership file''s, else the source''s today).';
COMMENT ON COLUMN teams.source IS 'Where the team is defined: ownership_file, pagerduty, or opsledger for unowned.';
COMMENT ON COLUMN teams.source_id IS 'The team id in the source (PagerDuty teams).';
COMMENT ON COLUMN teams.source_url IS 'Link to the team in the source.';
COMMENT ON COLUMN teams.sync_run_id IS 'Sync run that last changed the source record.';
COMMENT ON COLUMN teams.pagerduty_team_ids IS 'PagerDuty team ids that are this team (comma-separated); null when none.';
