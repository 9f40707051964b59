-- depends: stg_pagerduty__services
CREATE OR REPLACE VIEW stg_ownership__pagerduty_service_owners AS
SELECT DISTINCT
  s.service_id,
  m.service_key AS ownership_service_key,
  o.team_key,
  o.valid_from,
  o.valid_to,
  o.file_line
FROM stg_pagerduty__services AS s
JOIN ownership_service_matches AS m
  ON m.source = 'pagerduty' AND m.value IN (lower(s.service_id), lower(trim(s.name)))
JOIN ownership_service_owners AS o ON o.service_key = m.service_key;
COMMENT ON VIEW stg_ownership__pagerduty_service_owners IS 'Effective-dated owners of each PagerDuty service from the ownership file (matched by service id or name): the event at time t belongs to team_key where valid_from <= t < valid_to (nulls open).';
