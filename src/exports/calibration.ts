import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { pseudonymSaltKey } from '../pipeline/outputs-settings.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { personColumns, teamColumns } from './calibration-columns.ts';
import { personScorecards } from './calibration-people.ts';
import { teamScorecards } from './calibration-teams.ts';
import { safeCsv } from './csv-safe.ts';
import { oncallAvailability } from './oncall-views.ts';
import type { Period } from './period.ts';
import { pseudonym } from './pseudonym.ts';

export type CalibrationScope = 'team' | 'person';

export interface CalibrationOptions {
  period: Period;
  by: CalibrationScope[];
  pseudonymize: boolean;
  outDir: string;
  /** export.pseudonym_salt; else the salt the sync stored in the settings table. */
  salt?: string;
}

export interface WrittenExport {
  path: string;
  rows: number;
}

/** The configured salt, else the one stored in the warehouse by the sync; a pseudonymised export needs one. */
async function resolveSalt(warehouse: Warehouse, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const row = await warehouse.one<{ value: string }>('SELECT value FROM settings WHERE key = $key', {
    key: pseudonymSaltKey,
  });
  if (row?.value) return row.value;
  throw new ConfigError(
    'export.pseudonym_salt: no salt is configured and the warehouse has none stored yet; run `opsledger sync` once (it stores one) or set export.pseudonym_salt',
    'export.pseudonym_salt',
  );
}

/** Replaces names with pseudonyms and drops person_key (it can hold a login): nothing personal is left. */
function pseudonymise(rows: Record<string, unknown>[], salt: string): Record<string, unknown>[] {
  return rows.map(({ person_key, ...rest }) => ({ ...rest, person: pseudonym(String(person_key), salt) }));
}

function writeCsv(path: string, columns: readonly string[], rows: Record<string, unknown>[]): WrittenExport {
  writeFileSync(path, safeCsv(columns, rows), 'utf8');
  return { path, rows: rows.length };
}

/** Writes calibration-teams-<period>.csv and/or calibration-people-<period>.csv into outDir. */
export async function exportCalibration(
  warehouse: Warehouse,
  options: CalibrationOptions,
): Promise<WrittenExport[]> {
  mkdirSync(options.outDir, { recursive: true });
  const available = await oncallAvailability(warehouse);
  const written: WrittenExport[] = [];
  if (options.by.includes('team')) {
    const rows = await teamScorecards(warehouse, options.period, available);
    const path = join(options.outDir, `calibration-teams-${options.period.label}.csv`);
    written.push(
      writeCsv(
        path,
        teamColumns.map((c) => c.name),
        rows,
      ),
    );
  }
  if (options.by.includes('person')) {
    let rows = await personScorecards(warehouse, options.period, available);
    let columns = personColumns.map((c) => c.name);
    if (options.pseudonymize) {
      rows = pseudonymise(rows, await resolveSalt(warehouse, options.salt));
      columns = columns.filter((c) => c !== 'person_key');
    }
    const path = join(options.outDir, `calibration-people-${options.period.label}.csv`);
    written.push(writeCsv(path, columns, rows));
  }
  return written;
}
