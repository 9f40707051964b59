import type { ReconcileConfig } from '../config/schema.ts';
import type { ParsedSamples, SampleRow, SampleValues } from './parse-samples.ts';
import { type ComparedField, comparedFields } from './template.ts';

/** The warehouse side of one incident (the `incidents` mart), times as epoch milliseconds. */
export interface WarehouseIncident {
  incident_key: string;
  source: string;
  source_id: string;
  incident_number: number | null;
  ticket_key: string | null;
  team_key: string | null;
  severity: string | null;
  detected_at: number | null;
  acknowledged_at: number | null;
  resolved_at: number | null;
  root_cause: string | null;
  is_external: boolean | null;
}

export interface WarehouseTeam {
  team_key: string;
  name: string;
}

export interface WarehouseSide {
  incidents: WarehouseIncident[];
  teams: WarehouseTeam[];
}

export type FindingKind = 'mismatch' | 'missing_in_warehouse' | 'duplicate_reference' | 'invalid_row';

export interface Finding {
  kind: FindingKind;
  line: number;
  reference: string | null;
  incident_key: string | null;
  field: string | null;
  sample_value: string | null;
  warehouse_value: string | null;
  difference_minutes: number | null;
  message: string;
}

export interface FieldAgreement {
  compared: number;
  agreed: number;
  rate: number;
}

export interface MttrSummary {
  mean: number;
  median: number;
}

export interface Reconciliation {
  rowsRead: number;
  rowsInvalid: number;
  rowsMatched: number;
  missingInWarehouse: number;
  duplicateReferences: number;
  discrepancies: number;
  fieldAgreement: Partial<Record<ComparedField, FieldAgreement>>;
  mttr: { incidents: number; sample: MttrSummary | null; warehouse: MttrSummary | null };
  verdict: { pass: boolean; reasons: string[] };
  findings: Finding[];
  /** team_key -> team name, so the report can show names beside keys. */
  teamNames: Record<string, string>;
  /** Matched rows, for the report (reviewer notes). */
  matched: Array<{ row: SampleRow; incident: WarehouseIncident }>;
}

export type Thresholds = Pick<
  ReconcileConfig,
  'toleranceMinutes' | 'minAgreement' | 'maxMissing' | 'maxInvalidRows'
>;

/* ---- references ---- */

/** Lookup of warehouse incidents by the three ways a reviewer names one. */
export class IncidentIndex {
  private readonly byNumber = new Map<number, WarehouseIncident>();
  private readonly byPagerDutyId = new Map<string, WarehouseIncident>();
  private readonly byTicket = new Map<string, WarehouseIncident>();

  constructor(incidents: WarehouseIncident[]) {
    for (const incident of incidents) {
      if (incident.source === 'pagerduty') {
        this.byPagerDutyId.set(incident.source_id.toUpperCase(), incident);
        if (incident.incident_number !== null) this.byNumber.set(incident.incident_number, incident);
      }
      if (incident.ticket_key) this.byTicket.set(incident.ticket_key.toUpperCase(), incident);
    }
  }

  /** `#123` / `123`: PagerDuty number; `INC-42`: Jira key (ticket_key); anything else: PagerDuty id. */
  resolve(reference: string): WarehouseIncident | undefined {
    const text = reference.trim();
    const number = /^#?(\d+)$/.exec(text);
    if (number) return this.byNumber.get(Number(number[1]));
    if (/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(text)) return this.byTicket.get(text.toUpperCase());
    return this.byPagerDutyId.get(text.toUpperCase());
  }
}

/* ---- field comparison ---- */

interface FieldOutcome {
  agreed: boolean;
  sample: string;
  warehouse: string | null;
  differenceMinutes: number | null;
}

const normaliseText = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function compareTime(sample: Date, warehouse: number | null, toleranceMinutes: number): FieldOutcome {
  if (warehouse === null)
    return { agreed: false, sample: sample.toISOString(), warehouse: null, differenceMinutes: null };
  const differenceMinutes = (sample.getTime() - warehouse) / 60_000;
  return {
    agreed: Math.abs(differenceMinutes) <= toleranceMinutes,
    sample: sample.toISOString(),
    warehouse: isoOrNull(warehouse),
    differenceMinutes,
  };
}

/** A team written by name or key (case-insensitive) -> its team_key; unknown names are kept as written. */
function teamKeyOf(written: string, teams: WarehouseTeam[]): string {
  const wanted = normaliseText(written);
  const team = teams.find((t) => normaliseText(t.team_key) === wanted || normaliseText(t.name) === wanted);
  return team?.team_key ?? written;
}

function compareField(
  field: ComparedField,
  values: SampleValues,
  incident: WarehouseIncident,
  side: WarehouseSide,
  toleranceMinutes: number,
): FieldOutcome | null {
  const plain = (agreed: boolean, sample: string, warehouse: string | null): FieldOutcome => ({
    agreed,
    sample,
    warehouse,
    differenceMinutes: null,
  });
  switch (field) {
    case 'detected_at':
    case 'acknowledged_at':
    case 'resolved_at': {
      const value = values[field];
      return value ? compareTime(value, incident[field], toleranceMinutes) : null;
    }
    case 'severity':
      return values.severity
        ? plain(values.severity === incident.severity, values.severity, incident.severity)
        : null;
    case 'team': {
      if (values.team === undefined) return null;
      const key = teamKeyOf(values.team, side.teams);
      return plain(key === incident.team_key, key, incident.team_key);
    }
    case 'root_cause': {
      if (values.root_cause === undefined) return null;
      const warehouse = incident.root_cause;
      const agreed = warehouse !== null && normaliseText(warehouse) === normaliseText(values.root_cause);
      return plain(agreed, values.root_cause, warehouse);
    }
    case 'is_external': {
      if (values.is_external === undefined) return null;
      const warehouse = incident.is_external ?? false;
      return plain(values.is_external === warehouse, String(values.is_external), String(warehouse));
    }
  }
}

function mismatchMessage(
  row: SampleRow,
  field: ComparedField,
  outcome: FieldOutcome,
  tolerance: number,
  side: WarehouseSide,
): string {
  const named = (value: string | null) => {
    const team = field === 'team' ? side.teams.find((t) => t.team_key === value) : undefined;
    return team ? `${team.name} (${value})` : (value ?? '(none)');
  };
  const base = `line ${row.line} (${row.reference}): ${field} sample ${named(outcome.sample)}, warehouse ${named(outcome.warehouse)}`;
  if (outcome.differenceMinutes === null) return base;
  const minutes = Math.round(outcome.differenceMinutes * 10) / 10;
  return `${base}, ${minutes > 0 ? '+' : ''}${minutes} min (tolerance ${tolerance} min)`;
}

/* ---- the whole sample ---- */

function emptyAgreement(): Record<ComparedField, FieldAgreement> {
  return Object.fromEntries(comparedFields.map((f) => [f, { compared: 0, agreed: 0, rate: 1 }])) as Record<
    ComparedField,
    FieldAgreement
  >;
}

function invalidFindings(samples: ParsedSamples): Finding[] {
  return samples.issues.map((issue) => ({
    kind: 'invalid_row',
    line: issue.line,
    reference: issue.reference,
    incident_key: null,
    field: issue.field,
    sample_value: null,
    warehouse_value: null,
    difference_minutes: null,
    message: issue.message,
  }));
}

/** Compares every readable sample row with the warehouse; the verdict applies the thresholds. */
export function reconcileSamples(
  samples: ParsedSamples,
  side: WarehouseSide,
  thresholds: Thresholds,
): Reconciliation {
  const index = new IncidentIndex(side.incidents);
  const agreement = emptyAgreement();
  const findings: Finding[] = invalidFindings(samples);
  const matched: Reconciliation['matched'] = [];
  const firstLineOf = new Map<string, number>();
  let missing = 0;
  let duplicates = 0;
  const finding = (
    row: SampleRow,
    kind: FindingKind,
    incident: WarehouseIncident | undefined,
    message: string,
  ) =>
    findings.push({
      kind,
      line: row.line,
      reference: row.reference,
      incident_key: incident?.incident_key ?? null,
      field: null,
      sample_value: null,
      warehouse_value: null,
      difference_minutes: null,
      message,
    });

  for (const row of samples.rows) {
    const incident = index.resolve(row.reference);
    if (!incident) {
      missing += 1;
      finding(
        row,
        'missing_in_warehouse',
        undefined,
        `line ${row.line}: ${row.reference} names no incident in the warehouse`,
      );
      continue;
    }
    const first = firstLineOf.get(incident.incident_key);
    if (first !== undefined) {
      duplicates += 1;
      finding(
        row,
        'duplicate_reference',
        incident,
        `line ${row.line}: ${row.reference} names ${incident.incident_key}, already reviewed on line ${first}; only line ${first} is compared`,
      );
      continue;
    }
    firstLineOf.set(incident.incident_key, row.line);
    matched.push({ row, incident });
    for (const field of comparedFields) {
      const outcome = compareField(field, row.values, incident, side, thresholds.toleranceMinutes);
      if (!outcome) continue;
      agreement[field].compared += 1;
      if (outcome.agreed) {
        agreement[field].agreed += 1;
        continue;
      }
      findings.push({
        kind: 'mismatch',
        line: row.line,
        reference: row.reference,
        incident_key: incident.incident_key,
        field,
        sample_value: outcome.sample,
        warehouse_value: outcome.warehouse,
        difference_minutes: outcome.differenceMinutes,
        message: mismatchMessage(row, field, outcome, thresholds.toleranceMinutes, side),
      });
    }
  }
  findings.sort((a, b) => a.line - b.line);
  const fieldAgreement = reviewedFields(agreement);
  const base = {
    rowsRead: samples.rowsRead,
    rowsInvalid: new Set(samples.issues.map((i) => i.line)).size,
    rowsMatched: matched.length,
    missingInWarehouse: missing,
    duplicateReferences: duplicates,
    discrepancies: findings.filter((f) => f.kind === 'mismatch').length,
    fieldAgreement,
    mttr: mttrBothWays(matched),
    findings,
    matched,
    teamNames: Object.fromEntries(side.teams.map((t) => [t.team_key, t.name])),
  };
  return { ...base, verdict: verdictOf(base, thresholds) };
}

/** Fields no row reviewed are left out: they have no agreement to report, and must not pass or fail anything. */
function reviewedFields(agreement: Record<ComparedField, FieldAgreement>): Reconciliation['fieldAgreement'] {
  const out: Reconciliation['fieldAgreement'] = {};
  for (const field of comparedFields) {
    const a = agreement[field];
    if (a.compared > 0) out[field] = { ...a, rate: a.agreed / a.compared };
  }
  return out;
}

function verdictOf(
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
function mttrBothWays(matched: Reconciliation['matched']): Reconciliation['mttr'] {
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
