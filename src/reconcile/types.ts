import type { ReconcileConfig } from '../config/schema.ts';
import type { SampleRow } from './parse-samples.ts';
import type { ComparedField } from './template.ts';

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
