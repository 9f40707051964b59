import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type OwnershipFile, readOwnershipFile } from '../../transforms/ownership/file.ts';
import { ownershipTables } from '../../transforms/ownership/tables.ts';
import type { Config } from '../config/index.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** The configured ownership file, validated (a ConfigError names file, line and fix), or undefined when none is set. */
export function loadOwnershipFile(config: Config): OwnershipFile | undefined {
  return config.ownershipFile ? readOwnershipFile(resolve(config.ownershipFile)) : undefined;
}

/** What the run records about the file: its path and content hash, so a figure can be traced to the file version. */
export function ownershipSettings(config: Config): {
  ownership_file: string | null;
  ownership_file_sha256: string | null;
} {
  if (!config.ownershipFile) return { ownership_file: null, ownership_file_sha256: null };
  let sha: string | null = null;
  try {
    sha = createHash('sha256')
      .update(readFileSync(resolve(config.ownershipFile)))
      .digest('hex');
  } catch {
    sha = null;
  }
  return { ownership_file: config.ownershipFile, ownership_file_sha256: sha };
}

/** Rewrites the ownership_* tables from the file (emptied when no file is configured). */
export async function writeOwnership(warehouse: Warehouse, file: OwnershipFile | undefined): Promise<void> {
  for (const [table, rows] of Object.entries(ownershipTables(file))) {
    await warehouse.run(`DELETE FROM ${table}`);
    if (rows.length === 0) continue;
    // One statement per table: the JSON array is unnested into typed columns (timestamps cast on insert).
    await warehouse.run(
      `INSERT INTO ${table} BY NAME SELECT unnest(rows, recursive := true) FROM (SELECT CAST($rows AS JSON)::${structType(rows[0]!)}[] AS rows)`,
      { rows: JSON.stringify(rows) },
    );
  }
}

function structType(row: Record<string, unknown>): string {
  const fields = Object.entries(row).map(([k, v]) => `${k} ${typeof v === 'number' ? 'INTEGER' : 'VARCHAR'}`);
  return `STRUCT(${fields.join(', ')})`;
}
