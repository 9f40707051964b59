import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { startTestSandbox } from '../helpers/world.ts';

/**
 * The CLI syncs with the real clock as "now", so the sandbox's clock is the current hour: every incident it
 * shows is inside the sync's history window.
 */
const currentHour = () => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ now: currentHour(), scale: { incidents: 300, days: 360 } });
  dir = mkdtempSync(join(tmpdir(), 'opsledger-reconcile-cli-'));
  env = {
    OPSLEDGER_WAREHOUSE: join(dir, 'w.duckdb'),
    PAGERDUTY_TOKEN: sandbox.pagerduty.token,
    PAGERDUTY_API_URL: sandbox.pagerduty.apiUrl,
  };
  const sync = await runCli(['sync', '--source', 'pagerduty'], env, dir);
  expect(sync.code, sync.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
});

const sql = async <T>(query: string): Promise<T[]> => {
  const result = await runCli(['sql', query, '--format', 'json'], env, dir);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T[];
};

const readCsv = (path: string) =>
  parse(readFileSync(path), { columns: true }) as Array<Record<string, string>>;

describe('opsledger reconcile', () => {
  it('reports exactly the seeded discrepancies, writes the tables and the report, and exits 1 on a failed verdict', async () => {
    const sample = sandbox.manualSample();
    const file = join(dir, 'seeded.csv');
    writeFileSync(file, sample.csv);
    const out = join(dir, 'report-seeded');
    const run = await runCli(
      ['reconcile', '--samples', file, '--timezone', sample.timezone, '--out', out],
      env,
      dir,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/Reconciliation \S+: FAIL/);

    const findings = readCsv(join(out, 'findings.csv')).map((f) => ({
      kind: f.kind,
      line: Number(f.line),
      reference: f.reference,
      field: f.field || null,
      sampleValue: f.sample_value || null,
      warehouseValue: f.warehouse_value || null,
    }));
    expect(findings).toEqual(sample.discrepancies);

    const markdown = readFileSync(join(out, 'reconciliation.md'), 'utf8');
    expect(markdown).toMatch(/\*\*Verdict: FAIL: /);
    expect(markdown).toMatch(/\| resolved_at \| 12 \| 11 \| 91\.7% \|/);
    expect(markdown).toContain('Q0NOTSYNCED0001');
    expect(markdown).toMatch(/MTTR both ways on the matched set \(12 incidents\)/);
    const html = readFileSync(join(out, 'reconciliation.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('class="verdict fail"');
    expect(html).not.toMatch(/<script|<link|src=/);

    const [runRow] = await sql<{ verdict: string; findings: number; discrepancies: number }>(
      `SELECT verdict, discrepancies, (SELECT count(*) FROM reconciliation_findings f
         WHERE f.reconciliation_run_id = r.reconciliation_run_id)::INTEGER AS findings
       FROM reconciliation_runs r ORDER BY started_at DESC LIMIT 1`,
    );
    expect(runRow).toEqual({ verdict: 'fail', discrepancies: 2, findings: 3 });
  }, 120_000);

  it('exits 0 on a clean sample with no findings', async () => {
    const clean = sandbox.manualSample({ discrepancies: false });
    const file = join(dir, 'clean.csv');
    writeFileSync(file, clean.csv);
    const out = join(dir, 'report-clean');
    const run = await runCli(
      ['reconcile', '--samples', file, '--timezone', clean.timezone, '--out', out],
      env,
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Reconciliation \S+: PASS/);
    expect(readCsv(join(out, 'findings.csv'))).toEqual([]);
    expect(readFileSync(join(out, 'reconciliation.md'), 'utf8')).toContain(
      '**Verdict: PASS: every threshold held.**',
    );
  }, 120_000);

  it('re-running adds a run without duplicating the findings of the earlier one', async () => {
    const before = await sql<{ runs: number; findings: number }>(
      'SELECT (SELECT count(*) FROM reconciliation_runs)::INTEGER AS runs, (SELECT count(*) FROM reconciliation_findings)::INTEGER AS findings',
    );
    const file = join(dir, 'seeded.csv');
    const run = await runCli(
      ['reconcile', '--samples', file, '--timezone', 'Europe/London', '--out', join(dir, 'again')],
      env,
      dir,
    );
    expect(run.code).toBe(1);
    const after = await sql<{ runs: number; findings: number }>(
      'SELECT (SELECT count(*) FROM reconciliation_runs)::INTEGER AS runs, (SELECT count(*) FROM reconciliation_findings)::INTEGER AS findings',
    );
    expect(after[0]).toEqual({ runs: before[0]!.runs + 1, findings: before[0]!.findings + 3 });
    const perRun = await sql<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM reconciliation_findings f JOIN reconciliation_runs r USING (reconciliation_run_id)
       WHERE r.samples_file = '${file}' GROUP BY reconciliation_run_id`,
    );
    expect(perRun.map((r) => r.n)).toEqual([3, 3]);
  }, 120_000);

  it('honours --tolerance and the configured thresholds', async () => {
    const file = join(dir, 'seeded.csv');
    // 60 minutes swallows the 47-minute resolution error; the wrong team and the missing incident remain.
    const wide = await runCli(
      [
        'reconcile',
        '--samples',
        file,
        '--timezone',
        'Europe/London',
        '--tolerance',
        '1h',
        '--out',
        join(dir, 'wide'),
      ],
      env,
      dir,
    );
    expect(readCsv(join(dir, 'wide', 'findings.csv')).map((f) => f.field || f.kind)).toEqual(
      expect.arrayContaining(['team', 'missing_in_warehouse']),
    );
    expect(readCsv(join(dir, 'wide', 'findings.csv'))).toHaveLength(2);
    expect(wide.code).toBe(1);
    writeFileSync(
      join(dir, 'opsledger.config.yaml'),
      'reconcile:\n  tolerance_minutes: 60\n  min_agreement: 0.9\n  max_missing: 1\n',
    );
    try {
      const lenient = await runCli(
        ['reconcile', '--samples', file, '--timezone', 'Europe/London', '--out', join(dir, 'lenient')],
        env,
        dir,
      );
      expect(lenient.code, lenient.stdout).toBe(0);
    } finally {
      writeFileSync(join(dir, 'opsledger.config.yaml'), '');
    }
  }, 120_000);

  it('names the line and column of malformed rows, reconciles the good ones and fails the verdict', async () => {
    const sample = sandbox.manualSample({ discrepancies: false });
    const lines = sample.csv.trimEnd().split('\n');
    const broken = [...lines.slice(0, 3), 'PXXXX,2026-13-01 10:00,,,,,,,,', ...lines.slice(3)].join('\n');
    const file = join(dir, 'broken.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${broken}\n`)]));
    const out = join(dir, 'broken');
    const run = await runCli(
      ['reconcile', '--samples', file, '--timezone', sample.timezone, '--out', out],
      env,
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file} line 4, column 2 (detected_at)`);
    expect(run.stdout).toMatch(/rows 13, matched 12, unreadable 1/);
    expect(readCsv(join(out, 'findings.csv')).map((f) => f.kind)).toEqual(['invalid_row']);
  }, 120_000);

  it('prints and writes the sample template, and names a missing --samples', async () => {
    const printed = await runCli(['reconcile', '--template'], env, dir);
    expect(printed.code).toBe(0);
    expect(printed.stdout.split('\n')[0]).toBe(
      'reference,detected_at,acknowledged_at,resolved_at,timezone,severity,team,root_cause,is_external,reviewer_notes',
    );
    const target = join(dir, 'template.csv');
    const written = await runCli(['reconcile', '--template', target], env, dir);
    expect(written.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(printed.stdout);
    const missing = await runCli(['reconcile'], env, dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--samples: expected the sample CSV');
    const badZone = await runCli(['reconcile', '--samples', target, '--timezone', 'Mars/Base'], env, dir);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('--timezone: expected an IANA time zone');
  });

  it('emits the sample from the command line: opsledger sandbox --sample-csv', async () => {
    const file = join(dir, 'from-cli.csv');
    const run = await runCli(
      ['sandbox', '--sample-csv', file, '--seed', '7', '--scale', 'small', '--now', '2026-10-15T12:00:00Z'],
      {},
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(run.stdout).toMatch(/seeded discrepancies .*:\n {2}line \d+ \S+: mismatch team/);
    expect(run.stdout).toContain('missing_in_warehouse');
  });
});
