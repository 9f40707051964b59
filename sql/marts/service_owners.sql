CREATE OR REPLACE TABLE service_owners AS
WITH source_rule AS (
  -- Without a file entry the sources decide, for all time: the service's team, else its escalation policy's.
  SELECT
    s.service_id,
    coalesce(st.team_key, et.team_key, 'unowned') AS team_key,
    CASE
      WHEN st.team_key IS NOT NULL THEN 'pagerduty_service_team'
      WHEN et.team_key IS NOT NULL THEN 'pagerduty_escalation_policy_team'
      ELSE 'none'
    END AS ownership_rule
  FROM stg_pagerduty__services AS s
  LEFT JOIN stg_ownership__pagerduty_teams AS st ON st.team_id = s.team_id
  LEFT JOIN stg_pagerduty__escalation_policies AS ep ON ep.escalation_policy_id = s.escalation_policy_id
  LEFT JOIN stg_ownership__pagerduty_teams AS et ON et.team_id = ep.team_id
)
SELECT
  'pagerduty:' || f.service_id AS service_key,
  f.team_key,
  coalesce(f.valid_from, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS valid_from,
  f.valid_to,
  'ownership_file' AS ownership_rule,
  f.ownership_service_key,
  f.file_line
FROM stg_ownership__pagerduty_service_owners AS f
UNION ALL
SELECT
  'pagerduty:' || r.service_id,
  r.team_key,
  TIMESTAMPTZ '1970-01-01 00:00:00+00',
  NULL,
  r.ownership_rule,
  NULL,
  NULL
FROM source_rule AS r
WHERE r.service_id NOT IN (SELECT service_id FROM stg_ownership__pagerduty_service_owners);
COMMENT ON TABLE service_owners IS 'Service ownership history: which team owned each service when. From the ownership file''s effective-dated owners where the file covers the service, else one open-ended row from PagerDuty (service team, else escalation policy team). An event at time t belongs to the row with valid_from <= t < valid_to.';
COMMENT ON COLUMN service_owners.service_key IS 'services.service_key.';
COMMENT ON COLUMN service_owners.team_key IS 'Owning team in that interval (teams.team_key); unowned when no rule matched.';
COMMENT ON COLUMN service_owners.valid_from IS 'Start (inclusive); 1970-01-01 when the rule holds since always.';
COMMENT ON COLUMN service_owners.valid_to IS 'End (exclusive); null while it still holds.';
COMMENT ON COLUMN service_owners.ownership_rule IS 'ownership_file, pagerduty_service_team, pagerduty_escalation_policy_team or none.';
COMMENT ON COLUMN service_owners.ownership_service_key IS 'The ownership file service that decided it (ownership_file rows).';
COMMENT ON COLUMN service_owners.file_line IS 'Line of the owner entry in the ownership file (ownership_file rows).';
