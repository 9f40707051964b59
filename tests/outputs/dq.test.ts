import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dqConfig } from '../../src/config/outputs.ts';
import { type DqResult, failsAt, recordResults, runChecks } from '../../src/quality/run.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { runCli } from '../cli/run-cli.ts';
import { type OutputsWorld, syncAllSources } from './world.ts';

let world: OutputsWorld;
const defaults = dqConfig.parse({});

const find = (results: DqResult[], check: string, subject = '(all)') =>
  results.find((r) => r.check === check && r.subject === subject);

beforeAll(async () => {
  world = await syncAllSources();
}, 240_000);

afterAll(async () => {
  world?.warehouse.close();
  await world?.sandbox.close();
});

describe('data-quality checks on a fresh sync', () => {
  it('finds every source fresh and the warehouse holding exactly what the sources returned', async () => {
    const results = await runChecks(world.warehouse, defaults);
    for (const source of ['pagerduty', 'jira', 'github'])
      expect(find(results, 'freshness', source)?.status, source).toBe('pass');
    for (const stream of [
      'pagerduty.incidents',
      'pagerduty.users',
      'jira.action_items',
      'jira.postmortems',
      'github.deployments',
      'github.releases',
      'github.issues',
    ]) {
      const r = find(results, 'source_totals', stream);
      expect(r?.status, `${stream}: ${r?.detail}`).toBe('pass');
    }
    const truth = world.sandbox.pagerduty.truth();
    expect(find(results, 'source_totals', 'pagerduty.incidents')?.detail).toContain(
      `source ${truth.incidents.length}, warehouse ${truth.incidents.length}`,
    );
    expect(find(results, 'impossible_timelines')?.status).toBe('pass');
    expect(find(results, 'rejected_rows')?.status).toBe('pass');
  });

  it('counts SEV1/SEV2 incidents missing a postmortem and action items without a due date as the truth has them', async () => {
    const results = await runChecks(world.warehouse, defaults);
    const missing = await world.warehouse.one<{ n: number }>(
      "SELECT count(*) AS n FROM postmortem_compliance WHERE compliance = 'missing'",
    );
    expect(find(results, 'missing_postmortems')?.affectedRows).toBe(missing!.n);
    const jira = world.sandbox.jira.truth();
    const undated = jira.actionItems.filter((a) => a.dueDate === null).length;
    // Jira's undated items are all among them (GitHub items may add their own).
    expect(find(results, 'action_items_without_due_date')!.affectedRows).toBeGreaterThanOrEqual(undated);
    expect(find(results, 'action_items_without_due_date')?.severity).toBe('info');
  });

  it('fails freshness once the last sync is older than dq.freshness_hours', async () => {
    const later = new Date(Date.now() + 40 * 3_600_000);
    const results = await runChecks(world.warehouse, defaults, later);
    expect(find(results, 'freshness', 'pagerduty')?.status).toBe('fail');
    expect(find(results, 'freshness', 'pagerduty')?.detail).toMatch(/h ago \(limit 36 h\)/);
    const relaxed = await runChecks(world.warehouse, dqConfig.parse({ freshnessHours: 72 }), later);
    expect(find(relaxed, 'freshness', 'pagerduty')?.status).toBe('pass');
  });

  it('catches impossible timelines, unowned rows and rows lost between source and warehouse', async () => {
    const before = find(await runChecks(world.warehouse, defaults), 'unowned_rows')!.affectedRows;
    const victim = await world.warehouse.one<{ incident_key: string; day: string }>(
      "SELECT incident_key, CAST(CAST(detected_at AS DATE) AS VARCHAR) AS day FROM incidents WHERE source = 'pagerduty' AND resolved_at IS NOT NULL ORDER BY incident_key LIMIT 1",
    );
    const other = await world.warehouse.one<{ incident_key: string }>(
      "SELECT incident_key FROM incidents WHERE source = 'pagerduty' AND incident_key <> $k ORDER BY incident_key LIMIT 1",
      { k: victim!.incident_key },
    );
    await world.warehouse.run(
      "UPDATE incidents SET resolved_at = detected_at - INTERVAL 5 MINUTE, team_key = 'unowned' WHERE incident_key = $k",
      { k: other!.incident_key },
    );
    await world.warehouse.run('DELETE FROM incidents WHERE incident_key = $k', { k: victim!.incident_key });
    const results = await runChecks(world.warehouse, defaults);
    const timeline = find(results, 'impossible_timelines')!;
    expect(timeline.status).toBe('fail');
    expect(timeline.affectedRows).toBe(1);
    expect(timeline.detail).toContain(`${other!.incident_key} (resolved before detected`);
    expect(find(results, 'unowned_rows')!.affectedRows).toBe(before + 1);
    const totals = find(results, 'source_totals', 'pagerduty.incidents')!;
    expect(totals.status).toBe('fail');
    expect(totals.affectedRows).toBe(1);
    expect(totals.detail).toContain(`${victim!.day}:`);
    expect(failsAt(results, 'error')).toBe(true);
  });

  it('applies configured severities: a failure below dq.fail_on does not fail the run', async () => {
    const results = await runChecks(
      world.warehouse,
      dqConfig.parse({
        severities: { impossibleTimelines: 'info', source_totals: 'warn', unowned_rows: 'info' },
      }),
    );
    expect(find(results, 'impossible_timelines')?.severity).toBe('info');
    expect(find(results, 'source_totals', 'pagerduty.incidents')?.severity).toBe('warn');
    const errorsFailing = results.filter((r) => r.status === 'fail' && r.severity === 'error');
    expect(errorsFailing).toEqual([]);
    expect(failsAt(results, 'error')).toBe(false);
    expect(failsAt(results, 'warn')).toBe(true);
  });

  it('records a run in dq_results', async () => {
    const results = await runChecks(world.warehouse, defaults);
    const runAt = new Date('2026-11-01T00:00:00Z');
    await recordResults(world.warehouse, runAt, results);
    const rows = await world.warehouse.all<{ n: number; failed: number }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE status = 'fail') AS failed FROM dq_results WHERE run_at = TIMESTAMPTZ '2026-11-01 00:00:00+00'",
    );
    expect(rows[0]!.n).toBe(results.length);
    expect(rows[0]!.failed).toBe(results.filter((r) => r.status === 'fail').length);
  });
});

describe('opsledger dq (CLI)', () => {
  it('prints the summary, exits 1 on an error-level failure, and publishes the results to dq_results', async () => {
    world.warehouse.close();
    const json = await runCli(['--warehouse', world.path, '--log-level', 'error', 'dq', '--format', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1); // the tampered warehouse above: impossible timeline and a lost row
    const rows = JSON.parse(json.stdout) as Array<{ check: string; status: string; severity: string }>;
    expect(rows.find((r) => r.check === 'impossible_timelines')).toMatchObject({
      status: 'fail',
      severity: 'error',
    });

    const table = await runCli(['--warehouse', world.path, 'dq', '--no-record']);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/impossible_timelines.*fail/);

    const published = await Warehouse.open(world.path, { readOnly: true });
    try {
      const runs = await published.all<{ n: number }>('SELECT count(DISTINCT run_at) AS n FROM dq_results');
      // The library run recorded above, and the first CLI run (the second was --no-record).
      expect(runs[0]!.n).toBe(2);
    } finally {
      published.close();
    }
    world.warehouse = await Warehouse.open(world.path);
  });

  it('refuses an unknown format with exit code 2', async () => {
    world.warehouse.close();
    const result = await runCli(['--warehouse', world.path, 'dq', '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format');
    world.warehouse = await Warehouse.open(world.path);
  });
});
