import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'opsledger-cli-'));

describe('opsledger CLI', () => {
  it('has --help on every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = [
      'sync',
      'sandbox',
      'sql',
      'demo',
      'worker',
      'schedule',
      'status',
      'dashboard',
      'rebuild',
    ];
    commands.push('ownership', 'oncall', 'reconcile', 'export', 'report', 'dq');
    for (const command of commands) {
      // Commands are loaded on demand: the top-level help must still list every one of them.
      expect(top.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
      const help = await runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Usage: opsledger/);
    }
  });

  it('runs as an executable (npm start, npx opsledger): its first line starts node with the flags it needs', async () => {
    const { stdout } = await promisify(execFile)('./bin/opsledger.js', ['--help']);
    expect(stdout).toMatch(/^Usage: opsledger/m);
  });

  it('finds the command after global options, and suggests one for a typo', async () => {
    const dir = tempDir();
    const warehouse = join(dir, 'missing.duckdb');
    const afterGlobals = await runCli(['--log-level', 'warn', '--warehouse', warehouse, 'sql', 'SELECT 1']);
    expect(afterGlobals.code).toBe(2);
    expect(afterGlobals.stderr).toMatch(/missing\.duckdb does not exist yet: run `opsledger sync`/);
    const typo = await runCli(['snyc']);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toMatch(/unknown command 'snyc'[\s\S]*Did you mean sync\?/);
  });

  it('names the flag and what is expected when a flag is bad', async () => {
    const result = await runCli(['sql', 'SELECT 1', '--format', 'xml'], {
      OPSLEDGER_WAREHOUSE: join(tempDir(), 'none.duckdb'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format: expected table, csv or json');
  });

  it('names the setting when the environment holds a bad value', async () => {
    const result = await runCli(['sync'], { OPSLEDGER_TIMEZONE: 'Nowhere/Land' }, tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OPSLEDGER_TIMEZONE: expected an IANA time zone');
  });

  it('skips a source without credentials with one clear line', async () => {
    const dir = tempDir();
    const result = await runCli(['sync'], { OPSLEDGER_WAREHOUSE: join(dir, 'w.duckdb') }, dir);
    expect(result.stderr).toContain('pagerduty: skipped, PAGERDUTY_TOKEN is not set');
    expect(result.code).toBe(2);
  });

  it('says how to create the warehouse when sql runs before any sync', async () => {
    const result = await runCli(['sql', 'SELECT 1'], {
      OPSLEDGER_WAREHOUSE: join(tempDir(), 'missing.duckdb'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/does not exist yet: run `opsledger sync`/);
  });

  it('runs the demo end to end and then answers SQL in every format', async () => {
    const dir = tempDir();
    const env = { OPSLEDGER_WAREHOUSE: join(dir, 'demo.duckdb') };
    const demo = await runCli(['demo'], env, dir);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/Sync \S+: succeeded/);
    expect(demo.stdout).toContain('pagerduty.incidents');
    expect(demo.stdout).toContain('pagerduty.log_entries');
    expect(demo.stdout).toMatch(/MTTA \/ MTTR \(minutes\) per team and severity/);
    expect(demo.stdout).toMatch(/SEV1/);

    const json = await runCli(['sql', 'SELECT count(*) AS n FROM incidents', '--format', 'json'], env, dir);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)[0].n).toBeGreaterThan(0);
    const csv = await runCli(['sql', "SELECT 'a,b' AS x, 2 AS y", '--format', 'csv'], env, dir);
    expect(csv.stdout).toBe('x,y\n"a,b",2\n');
    const table = await runCli(['sql', 'SELECT team_key, incidents FROM metric_mttr LIMIT 2'], env, dir);
    expect(table.stdout).toMatch(/team_key.*incidents/);
    expect(table.stdout).toContain('(2 rows)');
    const write = await runCli(['sql', 'DELETE FROM incidents'], env, dir);
    expect(write.code).not.toBe(0);
    expect(write.stderr).toMatch(/read-only/i);

    // A second demo rebuilds its own warehouse instead of mixing two runs.
    const again = await runCli(['demo'], env, dir);
    expect(again.code, again.stderr).toBe(0);
    const runs = await runCli(['sql', 'SELECT count(*) AS n FROM sync_runs', '--format', 'json'], env, dir);
    expect(JSON.parse(runs.stdout)[0].n).toBe(1);
  }, 240_000);

  it('refuses to overwrite a warehouse that the demo did not create', async () => {
    const dir = tempDir();
    const path = join(dir, 'mine.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE precious (x INT)');
    connection.closeSync();
    instance.closeSync();
    const result = await runCli(['demo'], { OPSLEDGER_WAREHOUSE: path }, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the demo will not overwrite it');
  });
});
