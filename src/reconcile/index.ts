import { createHash, randomUUID } from 'node:crypto';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { type Reconciliation, reconcileSamples, type Thresholds } from './compare.ts';
import { parseSamples } from './parse-samples.ts';
import { loadWarehouseSide, type RunContext, storeReconciliation } from './store.ts';

export type { Finding, FindingKind, Reconciliation, Thresholds } from './compare.ts';
export { parseSamples } from './parse-samples.ts';
export { writeReport } from './report.ts';
export type { RunContext } from './store.ts';
export { describeTemplate, templateCsv } from './template.ts';

export interface ReconcileInput {
  /** Named in messages and recorded with the run. */
  file: string;
  bytes: Uint8Array;
  /** Zone of local times in rows without a timezone value. */
  timezone?: string;
  thresholds: Thresholds;
  now?: Date;
}

/**
 * Reads a manual sample, compares it with the warehouse's incidents and records the run and its findings.
 * A bad header throws (nothing can be compared); bad rows become invalid_row findings.
 */
export async function runReconciliation(
  warehouse: Warehouse,
  input: ReconcileInput,
): Promise<{ context: RunContext; result: Reconciliation }> {
  const context: RunContext = {
    runId: randomUUID(),
    startedAt: input.now ?? new Date(),
    samplesFile: input.file,
    samplesSha256: createHash('sha256').update(input.bytes).digest('hex'),
    timezone: input.timezone ?? null,
    thresholds: input.thresholds,
  };
  const samples = parseSamples(input.bytes, { file: input.file, timezone: input.timezone });
  const result = reconcileSamples(samples, await loadWarehouseSide(warehouse), input.thresholds);
  await storeReconciliation(warehouse, context, result);
  return { context, result };
}
