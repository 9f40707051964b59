-- depends: stg_pagerduty__users
CREATE OR REPLACE VIEW stg_ownership__pagerduty_users AS
WITH matches AS (
  -- An explicit PagerDuty id wins over an email or alias match (emails differ in case across systems).
  SELECT u.user_id, i.person_id, CASE i.source WHEN 'pagerduty' THEN 0 ELSE 1 END AS rank
  FROM stg_pagerduty__users AS u
  JOIN ownership_person_identities AS i
    ON (i.source = 'pagerduty' AND i.value = lower(u.user_id))
    OR (i.source = 'email' AND i.value = lower(trim(u.email)))
)
SELECT user_id, arg_min(person_id, rank) AS person_id
FROM matches
GROUP BY user_id;
COMMENT ON VIEW stg_ownership__pagerduty_users IS 'The ownership file person of each PagerDuty user: by explicit pagerduty id, else by email or alias (case-insensitive).';
