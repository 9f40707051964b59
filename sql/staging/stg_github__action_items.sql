-- depends: stg_github__issues, stg_github__milestones, stg_github__repository_services, stg_ownership__person_identities
CREATE OR REPLACE VIEW stg_github__action_items AS
WITH setting AS (
  SELECT
    coalesce(max(value) FILTER (WHERE key = 'reporting_timezone'), 'UTC') AS tz,
    coalesce(max(value) FILTER (WHERE key = 'github_due_date'), 'milestone') AS due_convention,
    coalesce(max(value) FILTER (WHERE key = 'github_due_label_prefix'), 'due:') AS due_prefix,
    coalesce(TRY_CAST(max(value) FILTER (WHERE key = 'github_due_days') AS INTEGER), 30) AS due_days
  FROM settings
),
items AS (
  SELECT
    i.*,
    coalesce(m.due_on, i.milestone_due_on) AS due_on,
    CASE setting.due_convention
      -- GitHub stores a milestone's due day as midnight US Pacific (07:00/08:00 UTC): its UTC date is the day.
      WHEN 'milestone' THEN CAST(coalesce(m.due_on, i.milestone_due_on) AS DATE)
      WHEN 'label' THEN (
        SELECT min(TRY_CAST(substr(l, length(setting.due_prefix) + 1) AS DATE))
        FROM unnest(i.labels) AS t(l)
        WHERE starts_with(lower(l), lower(setting.due_prefix))
      )
      WHEN 'created_plus_days' THEN CAST(timezone(setting.tz, i.created_at) AS DATE) + setting.due_days
    END AS due_date,
    setting.tz
  FROM stg_github__issues AS i
  CROSS JOIN setting
  LEFT JOIN stg_github__milestones AS m ON lower(m.repo) = lower(i.repo) AND m.number = i.milestone_number
)
SELECT
  'github:' || i.repo || '#' || i.number AS action_item_key,
  'github' AS source,
  i.repo || '#' || i.number AS source_id,
  i.source_url,
  i.title,
  CAST(NULL AS VARCHAR) AS postmortem_key,
  CASE WHEN i.pagerduty_incident_id IS NOT NULL THEN 'pagerduty:' || i.pagerduty_incident_id END AS incident_key,
  CASE WHEN i.assignee_login IS NOT NULL THEN coalesce(
    (SELECT min(p.person_key) FROM stg_ownership__person_identities AS p WHERE p.source = 'github' AND p.source_id = lower(i.assignee_login)),
    'github:' || i.assignee_login
  ) END AS owner_person_key,
  coalesce(s.team_key, 'unowned') AS team_key,
  coalesce(s.ownership_rule, 'none') AS ownership_rule,
  CASE
    WHEN i.state = 'open' THEN 'open'
    WHEN i.state_reason = 'not_planned' THEN 'not_planned'
    ELSE 'completed'
  END AS status,
  i.created_at,
  -- The end of the due day in the reporting time zone: done at or before it is on time.
  CASE WHEN i.due_date IS NOT NULL
    THEN timezone(i.tz, CAST(i.due_date + 1 AS TIMESTAMP)) - INTERVAL 1 MICROSECOND
  END AS due_at,
  -- Closed as not planned is not done.
  CASE WHEN i.state = 'closed' AND i.state_reason IS DISTINCT FROM 'not_planned' THEN i.closed_at END AS completed_at,
  i.sync_run_id,
  i.repo || '#' || i.number AS ticket_key,
  CASE WHEN i.state = 'open' THEN 'new' ELSE 'done' END AS status_category,
  i.due_date,
  i.repo AS project_key,
  CASE WHEN i.pagerduty_incident_id IS NOT NULL THEN 'incident_reference' ELSE 'unlinked' END AS link_basis,
  false AS is_deleted,
  i.due_on AS milestone_due_on
FROM items AS i
LEFT JOIN stg_github__repository_services AS s ON lower(s.repo) = lower(i.repo);
COMMENT ON VIEW stg_github__action_items IS 'GitHub action items (issues with the github.action_items.label label) in the columns of the action_items mart: due_at from the github.action_items.due_date convention (milestone due_on by default), the owning team from the repository''s service.';
