-- Results of `opsledger dq`: one row per check (and subject, e.g. a source or a stream) per run.
CREATE TABLE dq_results (
  run_at TIMESTAMPTZ NOT NULL,
  check_name VARCHAR NOT NULL,
  subject VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  affected_rows BIGINT NOT NULL,
  detail VARCHAR NOT NULL,
  PRIMARY KEY (run_at, check_name, subject)
);
COMMENT ON TABLE dq_results IS 'Data-quality check results, one row per check and subject per `opsledger dq` run (freshness, rejected rows, unowned rows, impossible timelines, missing postmortems, action items without due date, source totals against the warehouse).';
COMMENT ON COLUMN dq_results.run_at IS 'When the dq run started (UTC); all rows of one run share it.';
COMMENT ON COLUMN dq_results.check_name IS 'The check (see `opsledger dq --list`); its severity can be changed with dq.severities.<check_name>.';
COMMENT ON COLUMN dq_results.subject IS 'What the row is about within the check: a source (freshness), a stream (source totals), or (all).';
COMMENT ON COLUMN dq_results.severity IS 'error, warn or info: the severity in force for the check; `opsledger dq` exits 1 when a check at or above dq.fail_on fails.';
COMMENT ON COLUMN dq_results.status IS 'pass or fail.';
COMMENT ON COLUMN dq_results.affected_rows IS 'Rows (or sources, or days) the finding is about; 0 when the check passes.';
COMMENT ON COLUMN dq_results.detail IS 'What was found, with a few examples (keys, days), for a person to follow up.';
