-- depends: stg_github__repositories, stg_pagerduty__services, stg_ownership__pagerduty_teams
CREATE OR REPLACE VIEW stg_github__repository_services AS
WITH services AS (
  SELECT
    s.service_id,
    s.name,
    trim(regexp_replace(lower(s.name), '[^a-z0-9]+', '-', 'g'), '-') AS slug,
    coalesce(t.team_key, 'pagerduty:' || s.team_id, 'unowned') AS team_key
  FROM stg_pagerduty__services AS s
  LEFT JOIN stg_ownership__pagerduty_teams AS t USING (team_id)
),
candidates AS (
  -- A configured service (PagerDuty id or name) wins; otherwise the service whose slugified name is the repository name.
  SELECT r.repo, s.service_id, s.team_key, 'setting' AS mapping, 1 AS rank
  FROM stg_github__repositories AS r
  JOIN services AS s ON r.service_setting IS NOT NULL AND (s.service_id = r.service_setting OR lower(s.name) = lower(r.service_setting))
  UNION ALL
  SELECT r.repo, s.service_id, s.team_key, 'slug', 2
  FROM stg_github__repositories AS r
  JOIN services AS s ON r.service_setting IS NULL AND s.slug = lower(r.name)
)
SELECT
  r.repo,
  'pagerduty:' || c.service_id AS service_key,
  coalesce(c.team_key, 'unowned') AS team_key,
  CASE WHEN c.service_id IS NULL THEN 'none' ELSE 'github_repository_service' END AS ownership_rule,
  coalesce(c.mapping, 'none') AS service_mapping
FROM stg_github__repositories AS r
LEFT JOIN candidates AS c ON c.repo = r.repo
QUALIFY row_number() OVER (PARTITION BY r.repo ORDER BY c.rank, c.service_id) = 1;
COMMENT ON VIEW stg_github__repository_services IS 'Which PagerDuty service each GitHub repository ships, and that service''s team: the github.repositories service setting (id or name), else the service whose slugified name equals the repository name; none when neither matches.';
