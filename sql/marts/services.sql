-- depends: service_owners
CREATE OR REPLACE TABLE services AS
SELECT
  'pagerduty:' || s.service_id AS service_key,
  s.name,
  coalesce(o.team_key, 'unowned') AS team_key,
  coalesce(o.ownership_rule, 'none') AS ownership_rule,
  o.ownership_service_key,
  'pagerduty' AS source,
  s.service_id AS source_id,
  s.source_url,
  s.sync_run_id
FROM stg_pagerduty__services AS s
LEFT JOIN service_owners AS o
  ON o.service_key = 'pagerduty:' || s.service_id AND o.valid_from <= now() AND (o.valid_to IS NULL OR now() < o.valid_to);
COMMENT ON TABLE services IS 'Services, one row per service, with the team that owns it today (service_owners has the history).';
COMMENT ON COLUMN services.service_key IS 'Stable key: pagerduty:<service id>.';
COMMENT ON COLUMN services.name IS 'Service name in the source.';
COMMENT ON COLUMN services.team_key IS 'Owning team today (teams.team_key), unowned when no rule matched.';
COMMENT ON COLUMN services.ownership_rule IS 'Rule that decided team_key: ownership_file, pagerduty_service_team (the service''s team in PagerDuty), pagerduty_escalation_policy_team (the team of its escalation policy) or none.';
COMMENT ON COLUMN services.ownership_service_key IS 'The ownership file service that matches this service (match.pagerduty), null when none.';
COMMENT ON COLUMN services.source IS 'System the service comes from.';
COMMENT ON COLUMN services.source_id IS 'The service id in the source.';
COMMENT ON COLUMN services.source_url IS 'Link to the service in the source.';
COMMENT ON COLUMN services.sync_run_id IS 'Sync run that last changed the source record.';
