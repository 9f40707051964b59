import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/**
 * Settings rows incident_sla reads: `sla_target.SEV1` = minutes, `1bd` (one business day) or `none`. All four
 * are always written, so a target removed from the config becomes `none` instead of lingering from a past run.
 */
export function slaSettingRows(config: Config): Array<[string, string]> {
  return Object.entries(config.sla.targets).map(([severity, target]) => [
    `sla_target.${severity}`,
    target === null ? 'none' : String(target),
  ]);
}

/** Settings key of the salt pseudonymised exports use when export.pseudonym_salt is not configured. */
export const pseudonymSaltKey = 'export_pseudonym_salt';

/**
 * Stores a random pseudonym salt the first time (and never replaces it), so pseudonyms stay the same from one
 * export to the next without anyone having to configure a secret.
 */
export async function ensurePseudonymSalt(warehouse: Warehouse): Promise<void> {
  await warehouse.run('INSERT OR IGNORE INTO settings VALUES ($key, $value)', {
    key: pseudonymSaltKey,
    value: randomBytes(32).toString('hex'),
  });
}
