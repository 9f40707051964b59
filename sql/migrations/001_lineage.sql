-- Lineage and quarantine: every run, its settings and cursors; every record that failed validation.
CREATE TABLE sync_runs (
  sync_run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,
  mode VARCHAR NOT NULL,
  sources VARCHAR[] NOT NULL,
  settings_hash VARCHAR NOT NULL,
  settings JSON NOT NULL,
  counts JSON,
  cursors_before JSON,
  cursors_after JSON,
  error VARCHAR
);
COMMENT ON TABLE sync_runs IS 'One row per sync run: start, end, status (running, succeeded, partial, failed), the settings in force (secrets masked) and their hash, record counts per stream, cursors before and after.';
COMMENT ON COLUMN sync_runs.status IS 'running while in progress; interrupted when the process was killed before it ended (set by the next run); succeeded; partial when some streams failed; failed when none loaded.';
COMMENT ON COLUMN sync_runs.settings_hash IS 'sha256 of the settings JSON: two runs with the same hash computed their figures with the same definitions.';
COMMENT ON COLUMN sync_runs.counts IS 'Per stream: {"pagerduty.incidents": {"records": n, "rejects": n, "status": "succeeded"}}.';

CREATE TABLE sync_run_streams (
  sync_run_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  stream VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  records BIGINT NOT NULL DEFAULT 0,
  rejects BIGINT NOT NULL DEFAULT 0,
  cursor_before VARCHAR,
  cursor_after VARCHAR,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  error VARCHAR,
  PRIMARY KEY (sync_run_id, source, stream)
);
COMMENT ON TABLE sync_run_streams IS 'One row per stream per sync run: outcome, records and rejects written, cursor before and after, error message when the stream failed.';

CREATE TABLE sync_cursors (
  source VARCHAR NOT NULL,
  stream VARCHAR NOT NULL,
  cursor_value VARCHAR NOT NULL,
  sync_run_id VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (source, stream)
);
COMMENT ON TABLE sync_cursors IS 'Incremental cursor per stream, written in the same transaction as the rows it covers.';

CREATE TABLE dq_rejects (
  source VARCHAR NOT NULL,
  stream VARCHAR NOT NULL,
  payload_hash VARCHAR NOT NULL,
  source_id VARCHAR,
  reason VARCHAR NOT NULL,
  payload JSON,
  sync_run_id VARCHAR NOT NULL,
  first_rejected_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (source, stream, payload_hash)
);
COMMENT ON TABLE dq_rejects IS 'Quarantine: records that failed validation, with the reason and the payload as received. The rest of the run went on without them.';
COMMENT ON COLUMN dq_rejects.payload_hash IS 'sha256 of the payload: the same bad record seen again by a later run is not counted twice.';
COMMENT ON COLUMN dq_rejects.sync_run_id IS 'The run that first quarantined this payload.';

CREATE TABLE settings (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
COMMENT ON TABLE settings IS 'Settings in force for the metric views (reporting_timezone and others), written by each sync run.';

CREATE TABLE severity_mappings (
  source VARCHAR NOT NULL,
  field VARCHAR NOT NULL,
  source_value VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  PRIMARY KEY (source, field, source_value)
);
COMMENT ON TABLE severity_mappings IS 'How each source value maps to SEV1..SEV4 (e.g. pagerduty priority P1 -> SEV1, urgency high -> SEV3 when no priority); written from configuration by each sync run.';
