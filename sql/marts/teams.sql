CREATE OR REPLACE TABLE teams AS
SELECT
  'pagerduty:' || team_id AS team_key,
  name,
  'pagerduty' AS source,
  team_id AS source_id,
  source_url,
  sync_run_id
FROM stg_pagerduty__teams
UNION ALL
SELECT 'unowned', 'Unowned (no ownership rule matched)', 'opsledger', NULL, NULL, NULL;
COMMENT ON TABLE teams IS 'Teams, one row per team. team_key is stable (pagerduty:<team id>); the row unowned collects what no rule attributes, so it is counted, never a silent null.';
COMMENT ON COLUMN teams.team_key IS 'Stable key used by every per-team table and metric.';
COMMENT ON COLUMN teams.name IS 'Display name as the source names it today.';
COMMENT ON COLUMN teams.source IS 'System the team comes from (pagerduty), or opsledger for unowned.';
COMMENT ON COLUMN teams.source_id IS 'The team id in the source.';
COMMENT ON COLUMN teams.source_url IS 'Link to the team in the source.';
COMMENT ON COLUMN teams.sync_run_id IS 'Sync run that last changed the source record.';
