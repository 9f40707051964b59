-- On-call shifts from PagerDuty /oncalls, as received. A shift has no id: source_id is policy|level|schedule|user|start (UTC).
CREATE TABLE raw_pagerduty__oncalls (source_id VARCHAR PRIMARY KEY, payload JSON NOT NULL, extracted_at TIMESTAMPTZ NOT NULL, sync_run_id VARCHAR NOT NULL);
COMMENT ON TABLE raw_pagerduty__oncalls IS 'PagerDuty /oncalls entries as received (who was on call at which level of which escalation policy, from start to end); keyed by escalation policy, level, schedule, user and start.';
