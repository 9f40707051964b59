-- Raw Jira payloads, one table per stream, as received (validated), keyed by the source id.
-- Issue payloads carry their complete changelog (histories beyond the 40 the search embeds are fetched from
-- the changelog endpoint) and an `opsledger` object: the configured fields read by role and the references
-- the linking rules found (connectors/jira/annotate.ts).
CREATE TABLE raw_jira__fields (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_jira__statuses (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_jira__incidents (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_jira__postmortems (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_jira__action_items (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_jira__live_issues (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
COMMENT ON TABLE raw_jira__fields IS 'Jira GET /rest/api/3/field entries as received: what each field id (customfield_NNNNN) is called.';
COMMENT ON TABLE raw_jira__statuses IS 'Jira GET /rest/api/3/status entries as received: each workflow status and its category (new, indeterminate, done).';
COMMENT ON TABLE raw_jira__incidents IS 'Jira incident tickets (jira.incidents scope) from the enhanced JQL search, keyed by issue id, with the complete changelog and the opsledger annotation.';
COMMENT ON TABLE raw_jira__postmortems IS 'Jira postmortem tickets (jira.postmortems scope), keyed by issue id, with the complete changelog and the opsledger annotation.';
COMMENT ON TABLE raw_jira__action_items IS 'Jira action items (jira.action_items scope), keyed by issue id, with the complete changelog and the opsledger annotation.';
COMMENT ON TABLE raw_jira__live_issues IS 'Per scope (incidents, postmortems, action_items): the ids of every issue Jira returned for it at the last sync; an issue loaded before but missing here was deleted or left the scope.';
