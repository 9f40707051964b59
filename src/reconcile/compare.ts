import { compareField, mismatchMessage } from './fields.ts';
import type { ParsedSamples, SampleRow } from './parse-samples.ts';
import { type ComparedField, comparedFields } from './template.ts';
import type {
  FieldAgreement,
  Finding,
  FindingKind,
  Reconciliation,
  Thresholds,
  WarehouseIncident,
  WarehouseSide,
} from './types.ts';
import { mttrBothWays, reviewedFields, verdictOf } from './verdict.ts';

export type * from './types.ts';

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

/** What the rows have added up to so far. */
interface Tally {
  agreement: Record<ComparedField, FieldAgreement>;
  findings: Finding[];
  matched: Reconciliation['matched'];
  firstLineOf: Map<string, number>;
  missing: number;
  duplicates: number;
}

/** A finding about a whole row (missing, duplicate): no field, no values. */
function rowFinding(
  row: SampleRow,
  kind: FindingKind,
  incident: WarehouseIncident | undefined,
  message: string,
): Finding {
  return {
    kind,
    line: row.line,
    reference: row.reference,
    incident_key: incident?.incident_key ?? null,
    field: null,
    sample_value: null,
    warehouse_value: null,
    difference_minutes: null,
    message,
  };
}

/** Resolves one row's reference; the first row naming an incident is compared, later ones are duplicates. */
function reconcileRow(
  row: SampleRow,
  index: IncidentIndex,
  side: WarehouseSide,
  t: Thresholds,
  tally: Tally,
) {
  const incident = index.resolve(row.reference);
  if (!incident) {
    tally.missing += 1;
    const message = `line ${row.line}: ${row.reference} names no incident in the warehouse`;
    tally.findings.push(rowFinding(row, 'missing_in_warehouse', undefined, message));
    return;
  }
  const first = tally.firstLineOf.get(incident.incident_key);
  if (first !== undefined) {
    tally.duplicates += 1;
    const message = `line ${row.line}: ${row.reference} names ${incident.incident_key}, already reviewed on line ${first}; only line ${first} is compared`;
    tally.findings.push(rowFinding(row, 'duplicate_reference', incident, message));
    return;
  }
  tally.firstLineOf.set(incident.incident_key, row.line);
  tally.matched.push({ row, incident });
  compareRow(row, incident, side, t, tally);
}

/** Compares each reviewed field of a matched row; fields left empty are neither compared nor counted. */
function compareRow(
  row: SampleRow,
  incident: WarehouseIncident,
  side: WarehouseSide,
  t: Thresholds,
  tally: Tally,
) {
  for (const field of comparedFields) {
    const outcome = compareField(field, row.values, incident, side, t.toleranceMinutes);
    if (!outcome) continue;
    tally.agreement[field].compared += 1;
    if (outcome.agreed) {
      tally.agreement[field].agreed += 1;
      continue;
    }
    tally.findings.push({
      kind: 'mismatch',
      line: row.line,
      reference: row.reference,
      incident_key: incident.incident_key,
      field,
      sample_value: outcome.sample,
      warehouse_value: outcome.warehouse,
      difference_minutes: outcome.differenceMinutes,
      message: mismatchMessage(row, field, outcome, t.toleranceMinutes, side),
    });
  }
}

/** Compares every readable sample row with the warehouse; the verdict applies the thresholds. */
export function reconcileSamples(
  samples: ParsedSamples,
  side: WarehouseSide,
  thresholds: Thresholds,
): Reconciliation {
  const index = new IncidentIndex(side.incidents);
  const tally: Tally = {
    agreement: emptyAgreement(),
    findings: invalidFindings(samples),
    matched: [],
    firstLineOf: new Map(),
    missing: 0,
    duplicates: 0,
  };
  for (const row of samples.rows) reconcileRow(row, index, side, thresholds, tally);
  const findings = tally.findings.sort((a, b) => a.line - b.line);
  const base = {
    rowsRead: samples.rowsRead,
    rowsInvalid: new Set(samples.issues.map((i) => i.line)).size,
    rowsMatched: tally.matched.length,
    missingInWarehouse: tally.missing,
    duplicateReferences: tally.duplicates,
    discrepancies: findings.filter((f) => f.kind === 'mismatch').length,
    fieldAgreement: reviewedFields(tally.agreement),
    mttr: mttrBothWays(tally.matched),
    findings,
    matched: tally.matched,
    teamNames: Object.fromEntries(side.teams.map((t) => [t.team_key, t.name])),
  };
  return { ...base, verdict: verdictOf(base, thresholds) };
}
