CREATE OR REPLACE TABLE person_identities AS
SELECT * FROM stg_ownership__person_identities;
COMMENT ON TABLE person_identities IS 'How each person appears in each system: a PagerDuty user id, a Jira accountId or a GitHub login resolves to one person_key (see people). Matched by the ownership file''s explicit ids, then by email or alias, case-insensitively.';
COMMENT ON COLUMN person_identities.source IS 'pagerduty, jira or github.';
COMMENT ON COLUMN person_identities.source_id IS 'PagerDuty user id, Jira accountId, or GitHub login (lower-cased).';
COMMENT ON COLUMN person_identities.person_key IS 'people.person_key: pagerduty:<user id> when the person is a PagerDuty user, else jira:<accountId>.';
COMMENT ON COLUMN person_identities.identity_rule IS 'pagerduty_user, ownership_file_jira (explicit accountId), ownership_file_email (an email or alias in the file), email (same email as a PagerDuty user), ownership_file_github (explicit login), unmatched.';
