import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/warehouse/migrate.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import { readSqlDir } from '../../src/warehouse/sql-files.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

/** Zones with a DST change in 2026 (half an hour in Lord Howe), one without DST, one that skipped a whole day in 2011. */
const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Apia'];

/** UTC instants every 20 minutes and 7 seconds (seconds matter), across each change and a day each side; 1969 too. */
const transitionDays = [
  '1969-10-26',
  '2011-12-30',
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-10-04',
  '2026-10-25',
  '2026-11-01',
];
const instants = transitionDays.flatMap((day) => {
  const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
  return Array.from({ length: Math.floor((3 * 86_400) / 1207) }, (_, i) => new Date(start + i * 1_207_000));
});

const wallClock = (at: Date, zone: string) => format(new TZDate(at, zone), "yyyy-MM-dd'T'HH:mm:ss");

describe("pages: wall-clock time of each page in the person's zone", () => {
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await Warehouse.open(join(mkdtempSync(join(tmpdir(), 'opsledger-pages-')), 'w.duckdb'));
    await migrate(warehouse);
    await buildModels(warehouse);
    await warehouse.run(
      "INSERT INTO incidents (incident_key, team_key, ownership_rule) VALUES ('pagerduty:I1', 'team', 'none')",
    );
    for (const [i, zone] of zones.entries())
      await warehouse.run('INSERT INTO people (person_key, time_zone) VALUES ($key, $zone)', {
        key: `pagerduty:U${i}`,
        zone,
      });
    await warehouse.run(
      `INSERT INTO stg_pagerduty__log_entries (log_entry_id, incident_id, entry_type, created_at, notified_user_id)
       SELECT 'L' || u.i || '-' || t.n, 'I1', 'notify_log_entry', CAST(t.at AS TIMESTAMPTZ), 'U' || u.i
       FROM (SELECT unnest(range($zones)) AS i) AS u,
            (SELECT unnest(string_split($at, ',')) AS at, generate_subscripts(string_split($at, ','), 1) AS n) AS t`,
      { zones: zones.length, at: instants.map((d) => d.toISOString()).join(',') },
    );
    const pages = readSqlDir('marts').find((m) => m.name === 'pages');
    await warehouse.run(pages?.text ?? 'missing pages model');
  });
  afterAll(() => warehouse.close());

  it('matches the IANA rules on the days clocks change and on the days around them', async () => {
    const rows = await warehouse.all<{ person_key: string; paged_at: string; local: string }>(
      `SELECT person_key, strftime(paged_at, '%Y-%m-%dT%H:%M:%SZ') AS paged_at,
              strftime(paged_at_local, '%Y-%m-%dT%H:%M:%S') AS local
       FROM pages ORDER BY person_key, paged_at`,
    );
    expect(rows).toHaveLength(zones.length * instants.length);
    const wrong = rows.filter((r) => {
      const zone = zones[Number(r.person_key.replace('pagerduty:U', ''))] ?? 'missing';
      return r.local !== wallClock(new Date(r.paged_at), zone);
    });
    expect(wrong).toEqual([]);
  });
});
