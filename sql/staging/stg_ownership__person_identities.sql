-- depends: stg_pagerduty__users, stg_jira__users, stg_ownership__pagerduty_users
CREATE OR REPLACE VIEW stg_ownership__person_identities AS
WITH pd AS (
  SELECT u.user_id, lower(trim(u.email)) AS email, f.person_id
  FROM stg_pagerduty__users AS u
  LEFT JOIN stg_ownership__pagerduty_users AS f USING (user_id)
),
file_ids AS (
  SELECT i.source, i.value, min(pd.user_id) AS user_id
  FROM ownership_person_identities AS i JOIN pd USING (person_id)
  GROUP BY ALL
),
jira AS (
  -- The file's explicit accountId first, then the person's emails and aliases in the file, then the same
  -- email in PagerDuty (compared case-insensitively: systems disagree on case).
  SELECT
    j.account_id,
    coalesce(byid.user_id, byalias.user_id, byemail.user_id) AS user_id,
    CASE
      WHEN byid.user_id IS NOT NULL THEN 'ownership_file_jira'
      WHEN byalias.user_id IS NOT NULL THEN 'ownership_file_email'
      WHEN byemail.user_id IS NOT NULL THEN 'email'
      ELSE 'unmatched'
    END AS identity_rule
  FROM stg_jira__users AS j
  LEFT JOIN file_ids AS byid ON byid.source = 'jira' AND byid.value = lower(j.account_id)
  LEFT JOIN file_ids AS byalias ON byalias.source = 'email' AND byalias.value = lower(trim(j.email))
  LEFT JOIN (SELECT email, min(user_id) AS user_id FROM pd GROUP BY email) AS byemail ON byemail.email = lower(trim(j.email))
)
SELECT 'pagerduty' AS source, user_id AS source_id, 'pagerduty:' || user_id AS person_key, 'pagerduty_user' AS identity_rule
FROM pd
UNION ALL
SELECT 'jira', account_id, coalesce('pagerduty:' || user_id, 'jira:' || account_id), identity_rule
FROM jira
UNION ALL
SELECT 'github', value, 'pagerduty:' || user_id, 'ownership_file_github'
FROM file_ids WHERE source = 'github';
COMMENT ON VIEW stg_ownership__person_identities IS 'One person across systems: each PagerDuty user, Jira account and GitHub login (lower-cased for GitHub) with the person_key it resolves to and the rule that matched it (pagerduty_user, ownership_file_jira, ownership_file_email, email, ownership_file_github, unmatched).';
