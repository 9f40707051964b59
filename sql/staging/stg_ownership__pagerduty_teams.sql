-- depends: stg_pagerduty__teams
CREATE OR REPLACE VIEW stg_ownership__pagerduty_teams AS
WITH matches AS (
  -- An explicit match (team id or name under match.pagerduty) wins over a file team named like the PagerDuty team.
  SELECT t.team_id, n.team_key, CASE n.kind WHEN 'pagerduty' THEN 0 ELSE 1 END AS rank
  FROM stg_pagerduty__teams AS t
  JOIN ownership_team_names AS n
    ON (n.kind = 'pagerduty' AND n.value IN (lower(t.team_id), lower(trim(t.name))))
    OR (n.kind IN ('name', 'alias') AND n.value = lower(trim(t.name)))
)
SELECT
  t.team_id,
  t.name,
  coalesce(m.team_key, 'pagerduty:' || t.team_id) AS team_key,
  m.team_key IS NOT NULL AS in_ownership_file
FROM stg_pagerduty__teams AS t
LEFT JOIN (SELECT team_id, arg_min(team_key, rank) AS team_key FROM matches GROUP BY team_id) AS m USING (team_id);
COMMENT ON VIEW stg_ownership__pagerduty_teams IS 'The team_key of each PagerDuty team: the ownership file team that matches it (match.pagerduty id or name, else same name or alias), else pagerduty:<team id>.';
