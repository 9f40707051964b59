import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  openWarehouse,
  pagerDutyDataTables,
  sandboxConfig,
  snapshotTables,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const contentTables = ['incidents', 'incident_events', 'teams', 'services', 'people'];
const lineageColumns = ['sync_run_id', 'extracted_at', 'updated_at', 'first_rejected_at'];

function runCli(args: string[], env: Record<string, string>, killWhen?: (stderr: string) => boolean) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }>(
    (resolve) => {
      const child = spawn(process.execPath, ['bin/opsledger.js', ...args], {
        env: { ...process.env, ...env },
      });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
        if (killWhen?.(stderr)) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => resolve({ code, signal, stderr, stdout }));
    },
  );
}

describe('idempotent loads', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 11 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('a second sync over unchanged data leaves every table identical', async () => {
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const config = sandboxConfig(sandbox, path);
    await syncOnce(config, warehouse, sandbox);
    const before = await snapshotTables(warehouse, pagerDutyDataTables);
    const second = await syncOnce(config, warehouse, sandbox);
    expect(second.status).toBe('succeeded');
    expect(await snapshotTables(warehouse, pagerDutyDataTables)).toEqual(before);
    warehouse.close();
  });

  it('a sync killed with SIGKILL mid-run and started again ends identical to an uninterrupted one', async () => {
    const cleanPath = tempWarehousePath();
    const clean = await openWarehouse(cleanPath);
    await runSync({ config: sandboxConfig(sandbox, cleanPath), log: silentLogger, warehouse: clean });
    const expected = await snapshotTables(clean, contentTables, lineageColumns);
    clean.close();

    const path = tempWarehousePath();
    const env = {
      PAGERDUTY_API_URL: sandbox.pagerduty.apiUrl,
      PAGERDUTY_TOKEN: sandbox.pagerduty.token,
      OPSLEDGER_WAREHOUSE: path,
      OPSLEDGER_PROGRESS_MS: '0',
      OPSLEDGER_LOAD_BATCH_RECORDS: '100',
    };
    // Killed in the middle of the log-entry stream, after several committed batches.
    const killed = await runCli(
      ['sync'],
      env,
      (err) => (err.match(/pagerduty\.log_entries: [\d,]+ records so far/g) ?? []).length >= 5,
    );
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await runCli(['sync'], env);
    expect(resumed.code, resumed.stderr).toBe(0);

    const warehouse = await openWarehouse(path);
    expect(await snapshotTables(warehouse, contentTables, lineageColumns)).toEqual(expected);
    const runs = await warehouse.all<{ status: string }>('SELECT status FROM sync_runs ORDER BY started_at');
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    warehouse.close();
  });
});
