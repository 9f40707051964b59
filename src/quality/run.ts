import type { DqConfig, DqLevel } from '../config/outputs.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { checks } from './checks.ts';

export interface DqResult {
  check: string;
  subject: string;
  severity: DqLevel;
  status: 'pass' | 'fail';
  affectedRows: number;
  detail: string;
}

const rank: Record<DqLevel, number> = { info: 0, warn: 1, error: 2 };

/** Runs every check against the warehouse; the configured severity of a check wins over its default. */
export async function runChecks(
  warehouse: Warehouse,
  config: DqConfig,
  now = new Date(),
): Promise<DqResult[]> {
  const results: DqResult[] = [];
  for (const check of checks) {
    const severity = config.severities[check.name] ?? check.defaultSeverity;
    const findings = await check.run(warehouse, { now, freshnessHours: config.freshnessHours });
    for (const f of findings) {
      results.push({
        check: check.name,
        subject: f.subject,
        severity,
        status: f.affectedRows > 0 ? 'fail' : 'pass',
        affectedRows: f.affectedRows,
        detail: f.detail,
      });
    }
  }
  return results;
}

/** True when a failed check has a severity at or above `failOn`: the run should exit non-zero. */
export function failsAt(results: readonly DqResult[], failOn: DqLevel): boolean {
  return results.some((r) => r.status === 'fail' && rank[r.severity] >= rank[failOn]);
}

/** Appends one run's results to dq_results (one transaction: a run is recorded whole or not at all). */
export async function recordResults(
  warehouse: Warehouse,
  runAt: Date,
  results: readonly DqResult[],
): Promise<void> {
  await warehouse.transaction(async () => {
    for (const r of results) {
      await warehouse.run(
        'INSERT INTO dq_results VALUES (CAST($runAt AS TIMESTAMPTZ), $check, $subject, $severity, $status, $affected, $detail)',
        {
          runAt: runAt.toISOString(),
          check: r.check,
          subject: r.subject,
          severity: r.severity,
          status: r.status,
          affected: r.affectedRows,
          detail: r.detail,
        },
      );
    }
  });
}

/** Rows for printing: snake_case columns as the dq_results table has them. */
export function resultRows(results: readonly DqResult[]): Record<string, unknown>[] {
  return results.map((r) => ({
    check: r.check,
    subject: r.subject,
    severity: r.severity,
    status: r.status,
    affected_rows: r.affectedRows,
    detail: r.detail,
  }));
}

export const resultColumns = ['check', 'subject', 'severity', 'status', 'affected_rows', 'detail'];
