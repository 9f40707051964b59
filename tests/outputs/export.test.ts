import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCalibration } from '../../src/exports/calibration.ts';
import { personColumns, teamColumns } from '../../src/exports/calibration-columns.ts';
import { neutraliseCell } from '../../src/exports/csv-safe.ts';
import { periodSchema } from '../../src/exports/period.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import { runCli } from '../cli/run-cli.ts';
import { quantile } from '../helpers/world.ts';
import { type OutputsWorld, outputsZone, syncAllSources } from './world.ts';

type Row = Record<string, string>;

const q3 = periodSchema.parse('2026-Q3');
let world: OutputsWorld;

function readCsv(path: string): { header: string[]; rows: Row[]; text: string } {
  const text = readFileSync(path, 'utf8');
  const records = parse(text, { bom: true }) as string[][];
  const [header, ...body] = records;
  return {
    header: header!,
    rows: body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))),
    text,
  };
}

async function exportTo(options: { by: ('team' | 'person')[]; pseudonymize?: boolean; salt?: string }) {
  const outDir = mkdtempSync(join(tmpdir(), 'opsledger-export-'));
  await exportCalibration(world.warehouse, { period: q3, pseudonymize: false, outDir, ...options });
  return {
    teams: () => readCsv(join(outDir, 'calibration-teams-2026-Q3.csv')),
    people: () => readCsv(join(outDir, 'calibration-people-2026-Q3.csv')),
  };
}

/** Minutes are exported rounded to one decimal. */
function expectRounded(cell: string | undefined, exact: number, label: string | undefined) {
  expect(Math.abs(Number(cell) - exact), label).toBeLessThanOrEqual(0.05 + 1e-9);
}

/** Is an instant inside Q3 2026 as the New York reporting zone cuts it? */
function inQ3(iso: string): boolean {
  const local = new TZDate(new Date(iso).getTime(), outputsZone);
  return local.getFullYear() === 2026 && local.getMonth() >= 6 && local.getMonth() <= 8;
}

beforeAll(async () => {
  world = await syncAllSources();
  // Hostile text as a source could send it: a team named like a spreadsheet formula.
  await world.warehouse.run(
    'UPDATE teams SET name = \'=HYPERLINK("http://evil.example","x")\' WHERE team_key = (SELECT min(team_key) FROM teams WHERE team_key <> \'unowned\')',
  );
}, 240_000);

afterAll(async () => {
  world?.warehouse.close();
  await world?.sandbox.close();
});

describe('period parsing', () => {
  it('cuts quarters, months, ISO weeks and years into local days', () => {
    expect(periodSchema.parse('2026-Q3')).toMatchObject({
      grain: 'quarter',
      start: '2026-07-01',
      end: '2026-10-01',
    });
    expect(periodSchema.parse('2026-12')).toMatchObject({
      grain: 'month',
      start: '2026-12-01',
      end: '2027-01-01',
    });
    expect(periodSchema.parse('2026-W37')).toMatchObject({
      grain: 'week',
      start: '2026-09-07',
      end: '2026-09-14',
    });
    expect(periodSchema.parse('2026-W53')).toMatchObject({ start: '2026-12-28', end: '2027-01-04' });
    expect(periodSchema.parse('2026')).toMatchObject({
      grain: 'year',
      start: '2026-01-01',
      end: '2027-01-01',
    });
  });

  it('refuses what is not a period, saying which forms are accepted', () => {
    for (const bad of ['2026-13', '2025-W53', 'Q3', '2026-Q5', '']) {
      const result = periodSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message, bad).toMatch(/2026-Q3.*2026-W37/);
    }
  });
});

describe('calibration export per team', () => {
  it('has the documented columns and one row per team', async () => {
    const { header, rows } = (await exportTo({ by: ['team'] })).teams();
    expect(header).toEqual(teamColumns.map((c) => c.name));
    const teams = await world.warehouse.all<{ n: number }>('SELECT count(*) AS n FROM teams');
    expect(rows.length).toBe(teams[0]!.n);
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(['2026-Q3']));
  });

  it('counts incidents by severity and MTTA/MTTR median and p90 of the quarter cut in the reporting zone, external ones apart', async () => {
    const { rows } = (await exportTo({ by: ['team'] })).teams();
    const incidents = await world.warehouse.all<{
      team_key: string;
      severity: string | null;
      detected_at: string;
      minutes_to_acknowledge: number | null;
      minutes_to_resolve: number | null;
      is_external: boolean;
    }>(
      'SELECT team_key, severity, detected_at, minutes_to_acknowledge, minutes_to_resolve, is_external FROM incidents',
    );
    const inPeriod = incidents.filter((i) => inQ3(i.detected_at));
    expect(inPeriod.length).toBeGreaterThan(50);
    expect(inPeriod.some((i) => i.is_external)).toBe(true);
    let total = 0;
    for (const row of rows) {
      const all = inPeriod.filter((i) => i.team_key === row.team_key);
      const mine = all.filter((i) => !i.is_external);
      total += Number(row.incidents) + Number(row.external_incidents);
      expect(Number(row.incidents), row.team_key).toBe(mine.length);
      expect(Number(row.external_incidents), row.team_key).toBe(all.length - mine.length);
      expect(Number(row.sev1_incidents), row.team_key).toBe(mine.filter((i) => i.severity === 'SEV1').length);
      const resolve = mine.map((i) => i.minutes_to_resolve).filter((m): m is number => m !== null);
      const ack = mine.map((i) => i.minutes_to_acknowledge).filter((m): m is number => m !== null);
      if (resolve.length > 0) {
        expectRounded(row.mttr_median_minutes, quantile(resolve, 0.5), row.team_key);
        expectRounded(row.mttr_p90_minutes, quantile(resolve, 0.9), row.team_key);
      } else expect(row.mttr_median_minutes).toBe('');
      if (ack.length > 0) expectRounded(row.mtta_p90_minutes, quantile(ack, 0.9), row.team_key);
    }
    expect(total).toBe(inPeriod.length);
  });

  it('gives rates between 0 and 1 and a change failure rate from the GitHub deploys', async () => {
    const { rows } = (await exportTo({ by: ['team'] })).teams();
    for (const column of [
      'sla_attainment',
      'recurrence_rate',
      'action_items_on_time_rate',
      'postmortem_on_time_rate',
      'change_failure_rate',
    ]) {
      for (const row of rows) {
        if (row[column] === '') continue;
        expect(Number(row[column]), `${row.team_key} ${column}`).toBeGreaterThanOrEqual(0);
        expect(Number(row[column]), `${row.team_key} ${column}`).toBeLessThanOrEqual(1);
      }
    }
    expect(rows.reduce((n, r) => n + Number(r.production_deploys), 0)).toBeGreaterThan(0);
    expect(rows.reduce((n, r) => n + Number(r.sla_incidents), 0)).toBeGreaterThan(0);
    expect(rows.reduce((n, r) => n + Number(r.action_items_due), 0)).toBeGreaterThan(0);
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const { rows } = (await exportTo({ by: ['team'] })).teams();
    const hostile = rows.find((r) => r.team?.includes('HYPERLINK'));
    expect(hostile?.team).toBe('\'=HYPERLINK("http://evil.example","x")');
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+@\t\r]/);
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(neutraliseCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell('Zoë (Berlin)')).toBe('Zoë (Berlin)');
  });

  it('leaves the on-call columns empty when the on-call views are not in the warehouse', async () => {
    await world.warehouse.run('DROP VIEW metric_oncall_load');
    await world.warehouse.run('DROP VIEW metric_oncall_team_load');
    try {
      const { rows } = (await exportTo({ by: ['team'] })).teams();
      for (const row of rows) {
        expect(row.oncall_person_weeks).toBe('');
        expect(row.pages_per_oncall_person_week).toBe('');
      }
    } finally {
      await buildModels(world.warehouse);
    }
  });
});

describe('calibration export per person', () => {
  async function personalData(): Promise<string[]> {
    const rows = await world.warehouse.all<{ v: string }>(
      `SELECT name AS v FROM people UNION SELECT email FROM people
       UNION SELECT display_name FROM stg_jira__users UNION SELECT email FROM stg_jira__users`,
    );
    return rows.map((r) => r.v).filter((v): v is string => typeof v === 'string' && v.length > 0);
  }

  it('names people, with their incidents and action items, when not pseudonymised', async () => {
    const { header, rows, text } = (await exportTo({ by: ['person'] })).people();
    expect(header).toEqual(personColumns.map((c) => c.name));
    const names = await world.warehouse.all<{ name: string }>('SELECT name FROM people');
    expect(names.some((n) => text.includes(n.name))).toBe(true);
    expect(rows.reduce((n, r) => n + Number(r.incidents_acknowledged), 0)).toBeGreaterThan(0);
    expect(rows.reduce((n, r) => n + Number(r.action_items_owned), 0)).toBeGreaterThan(0);
  });

  it('pseudonymises: no name, email, login or person_key appears, pseudonyms are stable per salt', async () => {
    const first = (await exportTo({ by: ['person'], pseudonymize: true })).people();
    expect(first.header).not.toContain('person_key');
    for (const value of await personalData()) expect(first.text.includes(value), value).toBe(false);
    const logins = await world.warehouse.all<{ login: string }>(
      "SELECT DISTINCT split_part(owner_person_key, ':', 2) AS login FROM action_items WHERE owner_person_key LIKE 'github:%'",
    );
    const cells = new Set(first.rows.flatMap((r) => Object.values(r)));
    for (const { login } of logins) expect(cells.has(login), login).toBe(false);
    const keys = await world.warehouse.all<{ k: string }>(
      'SELECT person_key AS k FROM people UNION SELECT owner_person_key FROM action_items WHERE owner_person_key IS NOT NULL',
    );
    for (const { k } of keys) expect(first.text.includes(k), k).toBe(false);
    const pseudonyms = first.rows.map((r) => r.person);
    for (const p of pseudonyms) expect(p).toMatch(/^person-[0-9a-f]{10}$/);
    expect(new Set(pseudonyms).size).toBe(pseudonyms.length);

    const again = (await exportTo({ by: ['person'], pseudonymize: true })).people();
    expect(again.rows.map((r) => r.person)).toEqual(pseudonyms);
    const otherSalt = (
      await exportTo({ by: ['person'], pseudonymize: true, salt: 'another-salt-value' })
    ).people();
    expect(otherSalt.rows.map((r) => r.person)).not.toEqual(pseudonyms);
  });

  it('reads on-call weeks, pages and night pages from metric_oncall_load and the team spread', async () => {
    const files = await exportTo({ by: ['team', 'person'] });
    // The period's ISO weeks, cut in the reporting zone, straight from the on-call views (rates are written to 2 decimals).
    const people = await world.warehouse.all<{
      person_key: string;
      weeks: number;
      pages: number;
      night: number;
    }>(
      `SELECT person_key, count(DISTINCT week_start)::INTEGER AS weeks, sum(pages)::INTEGER AS pages,
         sum(sleep_hours_interruptions)::INTEGER AS night
       FROM metric_oncall_load WHERE week_start >= DATE '2026-07-01' AND week_start < DATE '2026-10-01' GROUP BY 1`,
    );
    expect(people.length).toBeGreaterThan(3);
    expect(people.some((p) => p.night > 0)).toBe(true);
    const rows = new Map(files.people().rows.map((r) => [r.person_key, r]));
    for (const p of people) {
      const row = rows.get(p.person_key)!;
      expect([row.oncall_weeks, row.pages, row.night_pages], p.person_key).toEqual([
        String(p.weeks),
        String(p.pages),
        String(p.night),
      ]);
    }
    const spread = await world.warehouse.all<{ team_key: string; per_person: number }>(
      `SELECT team_key, avg(interruptions_per_oncall_person) AS per_person FROM metric_oncall_team_load
       WHERE period_grain = 'week' AND period_start >= DATE '2026-07-01' AND period_start < DATE '2026-10-01' GROUP BY 1`,
    );
    expect(spread.length).toBeGreaterThan(0);
    const teams = new Map(files.teams().rows.map((r) => [r.team_key, r]));
    for (const t of spread)
      expect(Number(teams.get(t.team_key)!.interruptions_per_oncall_person_week), t.team_key).toBeCloseTo(
        t.per_person,
        2,
      );
  });
});

describe('opsledger export calibration (CLI)', () => {
  it('prints every column with its meaning', async () => {
    const result = await runCli(['export', 'calibration', '--columns']);
    expect(result.code).toBe(0);
    for (const c of [...teamColumns, ...personColumns])
      expect(result.stdout).toContain(`${c.name}: ${c.meaning}`);
  });

  it('refuses a bad period with exit code 2, naming the flag and the accepted forms', async () => {
    const result = await runCli(['export', 'calibration', '--period', '2026-Q7']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--period');
    expect(result.stderr).toContain('2026-W37');
  });

  it('writes both files from the published warehouse', async () => {
    world.warehouse.close();
    const outDir = mkdtempSync(join(tmpdir(), 'opsledger-export-cli-'));
    const result = await runCli(
      [
        '--warehouse',
        world.path,
        'export',
        'calibration',
        '--period',
        '2026-q3',
        '--pseudonymize',
        '--out',
        outDir,
      ],
      {},
      tmpdir(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('calibration-teams-2026-Q3.csv');
    const people = readCsv(join(outDir, 'calibration-people-2026-Q3.csv'));
    expect(people.rows.length).toBeGreaterThan(0);
    expect(people.header).not.toContain('person_key');
  });
});
