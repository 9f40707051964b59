CREATE OR REPLACE TABLE services AS
SELECT
  'pagerduty:' || service_id AS service_key,
  name,
  CASE WHEN team_id IS NULL THEN 'unowned' ELSE 'pagerduty:' || team_id END AS team_key,
  CASE WHEN team_id IS NULL THEN 'none' ELSE 'pagerduty_service_team' END AS ownership_rule,
  'pagerduty' AS source,
  service_id AS source_id,
  source_url,
  sync_run_id
FROM stg_pagerduty__services;
COMMENT ON TABLE services IS 'Services, one row per service, with the team that owns it today.';
COMMENT ON COLUMN services.service_key IS 'Stable key: pagerduty:<service id>.';
COMMENT ON COLUMN services.name IS 'Service name in the source.';
COMMENT ON COLUMN services.team_key IS 'Owning team (teams.team_key), unowned when no rule matched.';
COMMENT ON COLUMN services.ownership_rule IS 'Rule that decided team_key: pagerduty_service_team (the service''s first team in PagerDuty) or none.';
COMMENT ON COLUMN services.source IS 'System the service comes from.';
COMMENT ON COLUMN services.source_id IS 'The service id in the source.';
COMMENT ON COLUMN services.source_url IS 'Link to the service in the source.';
COMMENT ON COLUMN services.sync_run_id IS 'Sync run that last changed the source record.';
