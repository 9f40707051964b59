import type { Warehouse } from '../warehouse/warehouse.ts';
import type {
  Reconciliation,
  Thresholds,
  WarehouseIncident,
  WarehouseSide,
  WarehouseTeam,
} from './compare.ts';

/** What `reconcile` compared and when: recorded with the run so a verdict can be traced back. */
export interface RunContext {
  runId: string;
  startedAt: Date;
  samplesFile: string;
  samplesSha256: string;
  timezone: string | null;
  thresholds: Thresholds;
}

/** The `incidents` mart and `teams` as the comparison reads them (times as epoch milliseconds). */
export async function loadWarehouseSide(warehouse: Warehouse): Promise<WarehouseSide> {
  const incidents = await warehouse.all<WarehouseIncident & Record<string, unknown>>(
    `SELECT incident_key, source, source_id, CAST(incident_number AS BIGINT) AS incident_number, ticket_key,
            team_key, severity, epoch_ms(detected_at) AS detected_at, epoch_ms(acknowledged_at) AS acknowledged_at,
            epoch_ms(resolved_at) AS resolved_at, root_cause, is_external
     FROM incidents`,
  );
  const teams = await warehouse.all<WarehouseTeam & Record<string, unknown>>(
    'SELECT team_key, name FROM teams',
  );
  return { incidents, teams };
}

/** The latest sync that loaded data: the warehouse state a reconciliation compared against. */
async function latestSyncRun(warehouse: Warehouse): Promise<string | null> {
  const row = await warehouse.one<{ id: string }>(
    "SELECT sync_run_id AS id FROM sync_runs WHERE status IN ('succeeded', 'partial') ORDER BY started_at DESC LIMIT 1",
  );
  return row?.id ?? null;
}

/**
 * Writes the run and its findings in one transaction. Each run has its own id, so re-running the same sample
 * adds a run beside the earlier one and never touches that run's findings.
 */
export async function storeReconciliation(
  warehouse: Warehouse,
  context: RunContext,
  result: Reconciliation,
): Promise<void> {
  const syncRunId = await latestSyncRun(warehouse);
  await warehouse.transaction(async () => {
    await insertRun(warehouse, context, result, syncRunId);
    await insertFindings(warehouse, context.runId, result);
  });
}

async function insertRun(
  warehouse: Warehouse,
  context: RunContext,
  result: Reconciliation,
  syncRunId: string | null,
): Promise<void> {
  const { thresholds } = context;
  await warehouse.run(
    `INSERT INTO reconciliation_runs VALUES (
       $id, $started_at::TIMESTAMPTZ, now(), $file, $sha, $timezone, $tolerance, $min_agreement, $max_missing,
       $max_invalid, $rows_read, $rows_invalid, $rows_matched, $missing, $duplicates, $discrepancies,
       $agreement::JSON, $mttr_n, $mttr_sample_mean, $mttr_sample_median, $mttr_wh_mean, $mttr_wh_median,
       $verdict, $reasons::VARCHAR[], $sync_run_id)`,
    {
      id: context.runId,
      started_at: context.startedAt.toISOString(),
      file: context.samplesFile,
      sha: context.samplesSha256,
      timezone: context.timezone,
      tolerance: thresholds.toleranceMinutes,
      min_agreement: thresholds.minAgreement,
      max_missing: thresholds.maxMissing,
      max_invalid: thresholds.maxInvalidRows,
      rows_read: result.rowsRead,
      rows_invalid: result.rowsInvalid,
      rows_matched: result.rowsMatched,
      missing: result.missingInWarehouse,
      duplicates: result.duplicateReferences,
      discrepancies: result.discrepancies,
      agreement: JSON.stringify(result.fieldAgreement),
      mttr_n: result.mttr.incidents,
      mttr_sample_mean: result.mttr.sample?.mean ?? null,
      mttr_sample_median: result.mttr.sample?.median ?? null,
      mttr_wh_mean: result.mttr.warehouse?.mean ?? null,
      mttr_wh_median: result.mttr.warehouse?.median ?? null,
      verdict: result.verdict.pass ? 'pass' : 'fail',
      reasons: JSON.stringify(result.verdict.reasons),
      sync_run_id: syncRunId,
    },
  );
}

async function insertFindings(warehouse: Warehouse, runId: string, result: Reconciliation): Promise<void> {
  let number = 0;
  for (const f of result.findings) {
    number += 1;
    await warehouse.run(
      `INSERT INTO reconciliation_findings VALUES ($run, $no, $kind, $line, $reference, $incident_key, $field,
         $sample_value, $warehouse_value, $difference, $message)`,
      {
        run: runId,
        no: number,
        kind: f.kind,
        line: f.line,
        reference: f.reference,
        incident_key: f.incident_key,
        field: f.field,
        sample_value: f.sample_value,
        warehouse_value: f.warehouse_value,
        difference: f.difference_minutes,
        message: f.message,
      },
    );
  }
}
