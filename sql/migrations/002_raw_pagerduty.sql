-- Raw PagerDuty payloads, one table per stream, as received (validated), keyed by the source id.
CREATE TABLE raw_pagerduty__incidents (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_pagerduty__log_entries (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_pagerduty__services (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_pagerduty__teams (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_pagerduty__users (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
CREATE TABLE raw_pagerduty__escalation_policies (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
COMMENT ON TABLE raw_pagerduty__incidents IS 'PagerDuty /incidents objects as received; re-written only when the payload changed.';
COMMENT ON TABLE raw_pagerduty__log_entries IS 'PagerDuty /log_entries objects as received (trigger, acknowledge, assign, notify, escalate, resolve, annotate...).';
COMMENT ON TABLE raw_pagerduty__services IS 'PagerDuty /services objects as received.';
COMMENT ON TABLE raw_pagerduty__teams IS 'PagerDuty /teams objects as received.';
COMMENT ON TABLE raw_pagerduty__users IS 'PagerDuty /users objects as received.';
COMMENT ON TABLE raw_pagerduty__escalation_policies IS 'PagerDuty /escalation_policies objects as received.';
