import { type ComparedField, comparedFields } from './template.ts';
import type { FieldAgreement, MttrSummary, Reconciliation, Thresholds } from './types.ts';

/** Fields no row reviewed are left out: they have no agreement to report, and must not pass or fail anything. */
export function reviewedFields(
  agreement: Record<ComparedField, FieldAgreement>,
): Reconciliation['fieldAgreement'] {
  const out: Reconciliation['fieldAgreement'] = {};
  for (const field of comparedFields) {
    const a = agreement[field];
    if (a.compared > 0) out[field] = { ...a, rate: a.agreed / a.compared };
  }
  return out;
}

export function verdictOf(
  result: Omit<Reconciliation, 'verdict'>,
  thresholds: Thresholds,
): Reconciliation['verdict'] {
  const reasons: string[] = [];
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const [field, a] of Object.entries(result.fieldAgreement)) {
    if (a.rate < thresholds.minAgreement)
      reasons.push(
        `${field}: agreement ${percent(a.rate)} (${a.agreed}/${a.compared}) is below min_agreement ${percent(thresholds.minAgreement)}`,
      );
  }
  if (result.missingInWarehouse > thresholds.maxMissing)
    reasons.push(
      `${result.missingInWarehouse} sample incident(s) missing in the warehouse, max_missing is ${thresholds.maxMissing}`,
    );
  if (result.rowsInvalid > thresholds.maxInvalidRows)
    reasons.push(
      `${result.rowsInvalid} unreadable sample row(s), max_invalid_rows is ${thresholds.maxInvalidRows}`,
    );
  return { pass: reasons.length === 0, reasons };
}

/* ---- MTTR both ways ---- */

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

const summarise = (values: number[]): MttrSummary | null =>
  values.length === 0
    ? null
    : { mean: values.reduce((a, b) => a + b, 0) / values.length, median: median(values) };

/**
 * MTTR (resolved_at - detected_at) over the matched incidents where both sides know both times, once from the
 * reviewer's times and once from the warehouse's: the same set, so the two figures are comparable.
 */
export function mttrBothWays(matched: Reconciliation['matched']): Reconciliation['mttr'] {
  const sample: number[] = [];
  const warehouse: number[] = [];
  for (const { row, incident } of matched) {
    const { detected_at, resolved_at } = row.values;
    if (!detected_at || !resolved_at || incident.detected_at === null || incident.resolved_at === null)
      continue;
    sample.push((resolved_at.getTime() - detected_at.getTime()) / 60_000);
    warehouse.push((incident.resolved_at - incident.detected_at) / 60_000);
  }
  return { incidents: sample.length, sample: summarise(sample), warehouse: summarise(warehouse) };
}
