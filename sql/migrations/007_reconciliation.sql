-- Reconciliation of manually reviewed samples against the warehouse (`opsledger reconcile`, metrics.md "Manual samples").
CREATE TABLE reconciliation_runs (
  reconciliation_run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL,
  samples_file VARCHAR NOT NULL,
  samples_sha256 VARCHAR NOT NULL,
  timezone VARCHAR,
  tolerance_minutes DOUBLE NOT NULL,
  min_agreement DOUBLE NOT NULL,
  max_missing INTEGER NOT NULL,
  max_invalid_rows INTEGER NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_invalid INTEGER NOT NULL,
  rows_matched INTEGER NOT NULL,
  missing_in_warehouse INTEGER NOT NULL,
  duplicate_references INTEGER NOT NULL,
  discrepancies INTEGER NOT NULL,
  field_agreement JSON NOT NULL,
  mttr_incidents INTEGER NOT NULL,
  mttr_sample_mean_minutes DOUBLE,
  mttr_sample_median_minutes DOUBLE,
  mttr_warehouse_mean_minutes DOUBLE,
  mttr_warehouse_median_minutes DOUBLE,
  verdict VARCHAR NOT NULL,
  verdict_reasons VARCHAR[] NOT NULL,
  sync_run_id VARCHAR
);
COMMENT ON TABLE reconciliation_runs IS 'One row per `opsledger reconcile`: which sample was compared, with which tolerance and thresholds, what agreed, and the verdict. Re-running the same sample adds a run; it never rewrites an earlier one.';
COMMENT ON COLUMN reconciliation_runs.reconciliation_run_id IS 'Identifier of the run (also in the report and the findings CSV).';
COMMENT ON COLUMN reconciliation_runs.started_at IS 'When the reconciliation started (UTC).';
COMMENT ON COLUMN reconciliation_runs.finished_at IS 'When its results were written (UTC).';
COMMENT ON COLUMN reconciliation_runs.samples_file IS 'Path of the sample CSV as given on the command line.';
COMMENT ON COLUMN reconciliation_runs.samples_sha256 IS 'sha256 of the sample file bytes: two runs with the same hash compared the same sample.';
COMMENT ON COLUMN reconciliation_runs.timezone IS 'Zone given with --timezone for sample times written without offset and without a timezone column value; null when none was given.';
COMMENT ON COLUMN reconciliation_runs.tolerance_minutes IS 'Timestamps closer than or equal to this many minutes to the warehouse agree.';
COMMENT ON COLUMN reconciliation_runs.min_agreement IS 'Threshold: every reviewed field must agree on at least this share of the rows that reviewed it.';
COMMENT ON COLUMN reconciliation_runs.max_missing IS 'Threshold: sample rows whose reference the warehouse does not know that are tolerated.';
COMMENT ON COLUMN reconciliation_runs.max_invalid_rows IS 'Threshold: unreadable sample rows that are tolerated.';
COMMENT ON COLUMN reconciliation_runs.rows_read IS 'Data rows in the sample (header excluded).';
COMMENT ON COLUMN reconciliation_runs.rows_invalid IS 'Rows that could not be read (bad date, unknown severity, invalid UTF-8, wrong column count); each is a finding of kind invalid_row.';
COMMENT ON COLUMN reconciliation_runs.rows_matched IS 'Rows whose reference resolved to exactly one warehouse incident and were compared (duplicates excluded).';
COMMENT ON COLUMN reconciliation_runs.missing_in_warehouse IS 'Rows whose reference names no incident in the warehouse.';
COMMENT ON COLUMN reconciliation_runs.duplicate_references IS 'Rows naming an incident an earlier row of the sample already named (only the first is compared).';
COMMENT ON COLUMN reconciliation_runs.discrepancies IS 'Field values that disagree (timestamps beyond the tolerance).';
COMMENT ON COLUMN reconciliation_runs.field_agreement IS 'Per compared field: {"resolved_at": {"compared": n, "agreed": n, "rate": 0.98}}; a field no row reviewed is absent.';
COMMENT ON COLUMN reconciliation_runs.mttr_incidents IS 'Matched incidents with detected_at and resolved_at on both sides: the set both MTTRs are computed over.';
COMMENT ON COLUMN reconciliation_runs.mttr_sample_mean_minutes IS 'Mean of resolved_at - detected_at over that set, from the sample''s times.';
COMMENT ON COLUMN reconciliation_runs.mttr_sample_median_minutes IS 'Median of the same, from the sample''s times.';
COMMENT ON COLUMN reconciliation_runs.mttr_warehouse_mean_minutes IS 'Mean of resolved_at - detected_at over the same set, from the warehouse''s incidents.';
COMMENT ON COLUMN reconciliation_runs.mttr_warehouse_median_minutes IS 'Median of the same, from the warehouse.';
COMMENT ON COLUMN reconciliation_runs.verdict IS 'pass when every threshold held, else fail (the command then exits 1).';
COMMENT ON COLUMN reconciliation_runs.verdict_reasons IS 'Each threshold that failed, in words; empty when the verdict is pass.';
COMMENT ON COLUMN reconciliation_runs.sync_run_id IS 'The latest succeeded or partial sync run when the reconciliation ran: the warehouse state it compared against.';

CREATE TABLE reconciliation_findings (
  reconciliation_run_id VARCHAR NOT NULL,
  finding_no INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  line INTEGER,
  reference VARCHAR,
  incident_key VARCHAR,
  field VARCHAR,
  sample_value VARCHAR,
  warehouse_value VARCHAR,
  difference_minutes DOUBLE,
  message VARCHAR NOT NULL,
  PRIMARY KEY (reconciliation_run_id, finding_no)
);
COMMENT ON TABLE reconciliation_findings IS 'Every discrepancy, missing incident, duplicate reference and unreadable row of one reconciliation run, with both values.';
COMMENT ON COLUMN reconciliation_findings.reconciliation_run_id IS 'The run (reconciliation_runs) the finding belongs to.';
COMMENT ON COLUMN reconciliation_findings.finding_no IS 'Position of the finding in its run (1, 2, ...), in sample line order.';
COMMENT ON COLUMN reconciliation_findings.kind IS 'mismatch (a field disagrees), missing_in_warehouse (the reference names no warehouse incident), duplicate_reference (an earlier row named the same incident) or invalid_row (the row could not be read).';
COMMENT ON COLUMN reconciliation_findings.line IS 'Line of the sample file the finding comes from (the header is line 1).';
COMMENT ON COLUMN reconciliation_findings.reference IS 'The reference as written in the sample (PagerDuty id or number, or Jira key).';
COMMENT ON COLUMN reconciliation_findings.incident_key IS 'incidents.incident_key the reference resolved to; null when it resolved to none.';
COMMENT ON COLUMN reconciliation_findings.field IS 'For mismatch: the field (detected_at, acknowledged_at, resolved_at, severity, team, root_cause, is_external); for invalid_row: the column at fault, where one is.';
COMMENT ON COLUMN reconciliation_findings.sample_value IS 'The reviewer''s value, normalised (timestamps as ISO 8601 UTC, severity as SEV1..SEV4, team as team_key).';
COMMENT ON COLUMN reconciliation_findings.warehouse_value IS 'The warehouse''s value, normalised the same way; null where the warehouse has none.';
COMMENT ON COLUMN reconciliation_findings.difference_minutes IS 'For timestamps: sample minus warehouse in minutes; null otherwise.';
COMMENT ON COLUMN reconciliation_findings.message IS 'The finding in words, naming line, column and what was expected where the row was unreadable.';
