import type { SampleRow, SampleValues } from './parse-samples.ts';
import type { ComparedField } from './template.ts';
import type { WarehouseIncident, WarehouseSide, WarehouseTeam } from './types.ts';

/** How one reviewed field compares with the warehouse: both values normalised, and the gap for timestamps. */
export interface FieldOutcome {
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

export function compareField(
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

export function mismatchMessage(
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
