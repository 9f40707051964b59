import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { startTestSandbox } from '../helpers/world.ts';
import { runCli } from './run-cli.ts';

describe('opsledger oncall', () => {
  let sandbox: Sandbox;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    dir = mkdtempSync(join(tmpdir(), 'opsledger-oncall-cli-'));
    env = {
      OPSLEDGER_WAREHOUSE: join(dir, 'w.duckdb'),
      PAGERDUTY_API_URL: sandbox.pagerduty.apiUrl,
      PAGERDUTY_TOKEN: sandbox.pagerduty.token,
      OPSLEDGER_LOG_LEVEL: 'error',
    };
    const sync = await runCli(['sync'], env, dir);
    expect(sync.code, sync.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('lists the flagged person-weeks of the most recent weeks, the overloaded responder among them', async () => {
    const result = await runCli(['oncall', '--weeks', '52', '--format', 'json'], env, dir);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{ person_key: string; week_start: string }>;
    const expected = await runCli(
      ['sql', 'SELECT count(*) AS n FROM metric_oncall_load WHERE burnout', '--format', 'json'],
      env,
      dir,
    );
    expect(rows.length).toBe(JSON.parse(expected.stdout)[0].n);
    expect(rows.map((r) => r.person_key)).toContain(
      `pagerduty:${sandbox.pagerduty.truth().overloadedUserId}`,
    );
    // No names or emails: people are named by person_key only.
    const names = sandbox.pagerduty.truth().users.map((u) => u.name);
    expect(names.some((n) => result.stdout.includes(n))).toBe(false);

    const recent = JSON.parse((await runCli(['oncall', '--format', 'json'], env, dir)).stdout) as typeof rows;
    expect(new Set(recent.map((r) => r.week_start)).size).toBeLessThanOrEqual(4);
  });

  it('shows the spread of load per team, most uneven first', async () => {
    const result = await runCli(['oncall', '--teams', '--weeks', '8'], env, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /team.*weeks.*interruptions.*per_oncall_person.*max_person_week.*mean_gini/,
    );
    expect(result.stdout).toContain(`(${sandbox.pagerduty.truth().teams.length} rows)`);
  });

  it('names the flag and what is expected when --weeks is bad', async () => {
    const result = await runCli(['oncall', '--weeks', '0'], env, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--weeks: expected a number of weeks from 1 to 520');
  });
});
