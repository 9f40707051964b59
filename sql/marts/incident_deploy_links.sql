-- depends: deploys, incidents, incident_links
CREATE OR REPLACE TABLE incident_deploy_links AS
WITH setting AS (
  SELECT coalesce(TRY_CAST(max(value) FILTER (WHERE key = 'github_link_window_hours') AS DOUBLE), 24) AS hours
  FROM settings
),
-- Explicit: the incident names a commit (SHA prefix of at least 7) or a pull request (owner/repo#N, through
-- its merge commit). Among the deploys of that change: the incident's own service first, then the latest
-- that finished by detection, then the latest.
-- The incident's own fields (PagerDuty) and the deploy field or labels of its Jira ticket both count.
change_references AS (
  SELECT incident_key, reference_kind, reference, pull_number FROM stg_github__incident_references
  UNION ALL
  SELECT k.incident_key, j.reference_kind, j.reference, j.pull_number
  FROM stg_jira__deploy_references AS j
  JOIN incident_links AS k ON k.issue_id = j.issue_id AND k.incident_key IS NOT NULL
),
named AS (
  SELECT r.incident_key, d.deploy_key, r.reference, d.service_key, d.finished_at, d.started_at, d.source_order
  FROM change_references AS r
  JOIN deploys AS d ON r.reference_kind = 'sha' AND starts_with(lower(d.sha), r.reference)
  UNION ALL
  SELECT r.incident_key, d.deploy_key, r.reference || '#' || r.pull_number, d.service_key, d.finished_at, d.started_at, d.source_order
  FROM change_references AS r
  JOIN stg_github__pulls AS p ON r.reference_kind = 'pull' AND lower(p.repo) = r.reference AND p.number = r.pull_number
  JOIN deploys AS d ON d.sha = p.merge_commit_sha
),
explicit AS (
  SELECT i.incident_key, n.deploy_key, n.reference
  FROM named AS n
  JOIN incidents AS i USING (incident_key)
  QUALIFY row_number() OVER (
    PARTITION BY i.incident_key
    ORDER BY n.service_key IS NOT DISTINCT FROM i.service_key DESC,
      n.finished_at <= i.detected_at DESC NULLS LAST,
      n.finished_at DESC NULLS LAST, n.started_at DESC, n.source_order DESC
  ) = 1
),
-- Default rule: the latest successful production deploy of the incident's service that finished within the
-- window (github.linking.window_hours, 24 h) before detection.
windowed AS (
  SELECT i.incident_key, d.deploy_key
  FROM incidents AS i
  CROSS JOIN setting
  JOIN deploys AS d
    ON d.service_key = i.service_key
    AND d.is_production AND d.succeeded
    AND d.finished_at <= i.detected_at
    AND d.finished_at >= i.detected_at - to_milliseconds(CAST(setting.hours * 3600000 AS BIGINT))
  WHERE i.incident_key NOT IN (SELECT incident_key FROM explicit)
  QUALIFY row_number() OVER (PARTITION BY i.incident_key ORDER BY d.finished_at DESC, d.source_order DESC) = 1
),
links AS (
  SELECT incident_key, deploy_key, 'explicit' AS basis, reference FROM explicit
  UNION ALL
  SELECT incident_key, deploy_key, 'window', CAST(NULL AS VARCHAR) FROM windowed
)
SELECT
  l.incident_key,
  l.deploy_key,
  l.basis,
  l.reference,
  d.repo,
  d.service_key AS deploy_service_key,
  i.service_key AS incident_service_key,
  i.team_key AS incident_team_key,
  i.detected_at,
  d.finished_at AS deploy_finished_at,
  date_diff('millisecond', d.finished_at, i.detected_at) / 60000.0 AS minutes_deploy_to_detection,
  i.resolved_at,
  date_diff('millisecond', d.finished_at, i.resolved_at) / 60000.0 AS minutes_deploy_to_resolution
FROM links AS l
JOIN incidents AS i USING (incident_key)
JOIN deploys AS d USING (deploy_key);
COMMENT ON TABLE incident_deploy_links IS 'Which deploy caused an incident: at most one deploy per incident. An explicit reference in the incident (github.linking.pagerduty_fields naming a commit SHA or owner/repo#PR) wins; otherwise the latest successful production deploy of the same service that finished within github.linking.window_hours (24) before detection. Incidents with neither have no row.';
COMMENT ON COLUMN incident_deploy_links.incident_key IS 'incidents.incident_key.';
COMMENT ON COLUMN incident_deploy_links.deploy_key IS 'deploys.deploy_key of the deploy the incident is attributed to.';
COMMENT ON COLUMN incident_deploy_links.basis IS 'explicit (the incident names the change: in a github.linking.pagerduty_fields field, or its Jira ticket''s deploy field or deploy- label) or window (the default rule).';
COMMENT ON COLUMN incident_deploy_links.reference IS 'For explicit links: the SHA or owner/repo#PR the incident named.';
COMMENT ON COLUMN incident_deploy_links.repo IS 'Repository of the deploy.';
COMMENT ON COLUMN incident_deploy_links.deploy_service_key IS 'Service the deploy shipped (deploys.service_key).';
COMMENT ON COLUMN incident_deploy_links.incident_service_key IS 'Service the incident hit (incidents.service_key); differs from deploy_service_key only for explicit links.';
COMMENT ON COLUMN incident_deploy_links.incident_team_key IS 'Team accountable for the incident (incidents.team_key).';
COMMENT ON COLUMN incident_deploy_links.detected_at IS 'When the incident was detected (UTC).';
COMMENT ON COLUMN incident_deploy_links.deploy_finished_at IS 'When the deploy finished (UTC).';
COMMENT ON COLUMN incident_deploy_links.minutes_deploy_to_detection IS 'detected_at - deploy finished_at in minutes.';
COMMENT ON COLUMN incident_deploy_links.resolved_at IS 'When the incident was resolved (UTC); null while open.';
COMMENT ON COLUMN incident_deploy_links.minutes_deploy_to_resolution IS 'resolved_at - deploy finished_at in minutes; null while the incident is open.';
