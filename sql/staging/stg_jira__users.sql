-- depends: stg_jira__issues
CREATE OR REPLACE VIEW stg_jira__users AS
SELECT
  assignee_account_id AS account_id,
  arg_max(assignee_name, extracted_at) AS display_name,
  arg_max(assignee_email, extracted_at) AS email,
  arg_max(assignee_time_zone, extracted_at) AS time_zone
FROM stg_jira__issues
WHERE assignee_account_id IS NOT NULL
GROUP BY 1;
COMMENT ON VIEW stg_jira__users IS 'Jira users who are assignees of loaded issues (account id, name, email where Jira shows it, time zone), as last seen.';
