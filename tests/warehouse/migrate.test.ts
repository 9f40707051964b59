import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/warehouse/migrate.ts';
import { buildModels, orderModels } from '../../src/warehouse/models.ts';
import { readSqlDir } from '../../src/warehouse/sql-files.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'opsledger-wh-')), 'w.duckdb');

describe('migrations', () => {
  it('applies every migration once, in order, and records them', async () => {
    const warehouse = await Warehouse.open(tempFile());
    const first = await migrate(warehouse);
    expect(first).toEqual(readSqlDir('migrations').map((m) => m.name));
    expect(await migrate(warehouse)).toEqual([]);
    const recorded = await warehouse.all<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(recorded.map((r) => r.name)).toEqual(first);
    warehouse.close();
  });

  it('refuses a migration that sorts before one already applied', async () => {
    const warehouse = await Warehouse.open(tempFile());
    await migrate(warehouse);
    await warehouse.run("INSERT INTO schema_migrations VALUES ('999_from_the_future', now())");
    await warehouse.run("DELETE FROM schema_migrations WHERE name = '002_raw_pagerduty'");
    await expect(migrate(warehouse)).rejects.toThrow(/002_raw_pagerduty sorts before 999_from_the_future/);
    warehouse.close();
  });
});

describe('models', () => {
  it('orders models after the ones they depend on', () => {
    const file = (name: string, text: string) => ({ name, path: `${name}.sql`, text });
    const ordered = orderModels([
      file('a', '-- depends: c\nSELECT 1'),
      file('b', 'SELECT 1'),
      file('c', '-- depends: b\nSELECT 1'),
    ]);
    expect(ordered.map((m) => m.name)).toEqual(['b', 'c', 'a']);
    expect(() => orderModels([file('x', '-- depends: y'), file('y', '-- depends: x')])).toThrow(
      /cycle: x -> y -> x/,
    );
  });

  it('builds every layer on an empty warehouse and documents what analysts read', async () => {
    const warehouse = await Warehouse.open(tempFile());
    await migrate(warehouse);
    let before = 0;
    const built = await buildModels(warehouse, { beforeModel: () => (before += 1) });
    expect(before).toBe(built);
    const documented = [
      'incidents',
      'incident_events',
      'teams',
      'services',
      'people',
      'metric_mttr',
      'metric_mtta',
      'metric_incident_frequency',
      'sync_runs',
      'dq_rejects',
    ];
    const comments = await warehouse.all<{ name: string; comment: string | null }>(
      `SELECT table_name AS name, comment FROM duckdb_tables() UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE NOT internal`,
    );
    for (const name of documented) {
      expect(comments.find((c) => c.name === name)?.comment, name).toBeTruthy();
    }
    const undocumentedColumns = await warehouse.all<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM duckdb_columns()
       WHERE (table_name IN ('incidents', 'incident_events', 'teams', 'services', 'people') OR table_name LIKE 'metric_%')
         AND comment IS NULL`,
    );
    expect(undocumentedColumns).toEqual([]);
    warehouse.close();
  });

  it('rebuilds a warehouse whose model was a view and is now a table (and the reverse)', async () => {
    const warehouse = await Warehouse.open(tempFile());
    await migrate(warehouse);
    await buildModels(warehouse);
    // As an earlier version left them: stg_jira__issues a view, metric_mttr a table.
    await warehouse.run('DROP TABLE stg_jira__issues');
    await warehouse.run('CREATE VIEW stg_jira__issues AS SELECT * FROM raw_jira__incidents');
    await warehouse.run('DROP VIEW metric_mttr');
    await warehouse.run('CREATE TABLE metric_mttr (x INTEGER)');
    await buildModels(warehouse);
    const kinds = await warehouse.all<{ name: string; kind: string }>(
      `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE table_name IN ('stg_jira__issues', 'metric_mttr')
       UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE view_name IN ('stg_jira__issues', 'metric_mttr') ORDER BY name`,
    );
    expect(kinds).toEqual([
      { name: 'metric_mttr', kind: 'view' },
      { name: 'stg_jira__issues', kind: 'table' },
    ]);
    warehouse.close();
  });
});
