import { ConfigError } from '../errors/index.ts';
import { readSqlDir } from './sql-files.ts';
import type { Warehouse } from './warehouse.ts';

/**
 * Applies `sql/migrations/NNN_name.sql` in strict order, each in its own transaction, recorded in
 * `schema_migrations`. A migration that sorts before one already applied is refused: it would never run
 * on warehouses that are already ahead of it.
 */
export async function migrate(warehouse: Warehouse): Promise<string[]> {
  await warehouse.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const applied = new Set(
    (await warehouse.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const latest = [...applied].sort().at(-1);
  const pending = readSqlDir('migrations').filter((m) => !applied.has(m.name));
  const newlyApplied: string[] = [];
  for (const migration of pending) {
    if (latest && migration.name < latest) {
      throw new ConfigError(
        `migration ${migration.name} sorts before ${latest}, which this warehouse already has: renumber it after ${latest}`,
      );
    }
    await warehouse.transaction(async () => {
      await warehouse.run(migration.text);
      await warehouse.run('INSERT INTO schema_migrations VALUES ($name, now())', { name: migration.name });
    });
    newlyApplied.push(migration.name);
  }
  return newlyApplied;
}
