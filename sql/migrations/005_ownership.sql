-- The ownership file (ownership_file setting), as written by each run: teams, services with effective-dated
-- owners, people and their identities in each source. Rewritten whole on every run and on `opsledger rebuild`,
-- so a change to the file re-attributes history without fetching anything again.
CREATE TABLE ownership_teams (
  team_key VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  file_line INTEGER
);
COMMENT ON TABLE ownership_teams IS 'Teams declared in the ownership file. Empty when no ownership file is configured.';
COMMENT ON COLUMN ownership_teams.team_key IS 'The key given in the file; used as team_key everywhere the file decides.';
COMMENT ON COLUMN ownership_teams.name IS 'Display name from the file.';
COMMENT ON COLUMN ownership_teams.file_line IS 'Line of the team in the ownership file.';

CREATE TABLE ownership_team_names (
  team_key VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  value VARCHAR NOT NULL
);
COMMENT ON TABLE ownership_team_names IS 'What names a file team elsewhere: its name and aliases (kind name/alias, matched case-insensitively against PagerDuty team names and Jira team fields) and PagerDuty team ids or names (kind pagerduty).';
COMMENT ON COLUMN ownership_team_names.team_key IS 'ownership_teams.team_key.';
COMMENT ON COLUMN ownership_team_names.kind IS 'name, alias or pagerduty.';
COMMENT ON COLUMN ownership_team_names.value IS 'The name, alias, or PagerDuty team id/name, lower-cased.';

CREATE TABLE ownership_services (
  service_key VARCHAR PRIMARY KEY,
  name VARCHAR,
  file_line INTEGER
);
COMMENT ON TABLE ownership_services IS 'Services declared in the ownership file.';
COMMENT ON COLUMN ownership_services.service_key IS 'The key given in the file.';
COMMENT ON COLUMN ownership_services.name IS 'Display name from the file.';
COMMENT ON COLUMN ownership_services.file_line IS 'Line of the service in the ownership file.';

CREATE TABLE ownership_service_matches (
  service_key VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  file_line INTEGER
);
COMMENT ON TABLE ownership_service_matches IS 'What identifies a file service in each source: PagerDuty service id or name, Jira project key or PROJECT/Component, GitHub owner/name.';
COMMENT ON COLUMN ownership_service_matches.service_key IS 'ownership_services.service_key.';
COMMENT ON COLUMN ownership_service_matches.source IS 'pagerduty, jira or github.';
COMMENT ON COLUMN ownership_service_matches.value IS 'The identifier, lower-cased (matched case-insensitively).';
COMMENT ON COLUMN ownership_service_matches.file_line IS 'Line of the identifier in the ownership file.';

CREATE TABLE ownership_service_owners (
  service_key VARCHAR NOT NULL,
  team_key VARCHAR NOT NULL,
  valid_from TIMESTAMPTZ,
  valid_to TIMESTAMPTZ,
  file_line INTEGER
);
COMMENT ON TABLE ownership_service_owners IS 'Which team owned a file service when: an event at time t belongs to the owner with valid_from <= t < valid_to.';
COMMENT ON COLUMN ownership_service_owners.service_key IS 'ownership_services.service_key.';
COMMENT ON COLUMN ownership_service_owners.team_key IS 'Owning team (ownership_teams.team_key).';
COMMENT ON COLUMN ownership_service_owners.valid_from IS 'First moment of ownership (inclusive); null: since always.';
COMMENT ON COLUMN ownership_service_owners.valid_to IS 'End of ownership (exclusive); null: still owns it.';
COMMENT ON COLUMN ownership_service_owners.file_line IS 'Line of the owner entry in the ownership file.';

CREATE TABLE ownership_people (
  person_id INTEGER PRIMARY KEY,
  email VARCHAR NOT NULL,
  name VARCHAR,
  time_zone VARCHAR,
  working_hours_start VARCHAR,
  working_hours_end VARCHAR,
  working_days VARCHAR,
  file_line INTEGER
);
COMMENT ON TABLE ownership_people IS 'People declared in the ownership file (personal data: names and emails stay in people-related tables only).';
COMMENT ON COLUMN ownership_people.person_id IS 'Position of the person in the file (internal; people.person_key is the stable key).';
COMMENT ON COLUMN ownership_people.email IS 'Primary email, lower-cased.';
COMMENT ON COLUMN ownership_people.name IS 'Display name from the file.';
COMMENT ON COLUMN ownership_people.time_zone IS 'IANA time zone overriding the PagerDuty profile.';
COMMENT ON COLUMN ownership_people.working_hours_start IS 'Start of working hours (HH:MM, local time).';
COMMENT ON COLUMN ownership_people.working_hours_end IS 'End of working hours (HH:MM, local time).';
COMMENT ON COLUMN ownership_people.working_days IS 'Working days, comma-separated (mon..sun).';
COMMENT ON COLUMN ownership_people.file_line IS 'Line of the person in the ownership file.';

CREATE TABLE ownership_person_identities (
  person_id INTEGER NOT NULL,
  source VARCHAR NOT NULL,
  value VARCHAR NOT NULL
);
COMMENT ON TABLE ownership_person_identities IS 'How a file person appears in each system: email (primary and aliases), pagerduty user id, jira accountId, github login; lower-cased.';
COMMENT ON COLUMN ownership_person_identities.person_id IS 'ownership_people.person_id.';
COMMENT ON COLUMN ownership_person_identities.source IS 'email, pagerduty, jira or github.';
COMMENT ON COLUMN ownership_person_identities.value IS 'The identifier, lower-cased.';

CREATE TABLE ownership_person_teams (
  person_id INTEGER NOT NULL,
  team_key VARCHAR NOT NULL,
  valid_from TIMESTAMPTZ,
  valid_to TIMESTAMPTZ
);
COMMENT ON TABLE ownership_person_teams IS 'Team memberships from the ownership file, effective-dated (a person may be in several teams at once).';
COMMENT ON COLUMN ownership_person_teams.person_id IS 'ownership_people.person_id.';
COMMENT ON COLUMN ownership_person_teams.team_key IS 'ownership_teams.team_key.';
COMMENT ON COLUMN ownership_person_teams.valid_from IS 'Start of membership (inclusive); null: since always.';
COMMENT ON COLUMN ownership_person_teams.valid_to IS 'End of membership (exclusive); null: still a member.';
