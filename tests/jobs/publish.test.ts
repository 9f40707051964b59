import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../../src/errors/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  closeWorkWarehouse,
  openPublished,
  openWorkWarehouse,
  publishWarehouse,
  warehousePaths,
  workPathFor,
} from '../../src/warehouse/publish.ts';
import { runCli } from '../cli/run-cli.ts';
import { openWarehouse, startTestSandbox } from '../helpers/world.ts';
import { progressLines } from './helpers.ts';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const tempDir = () => mkdtempSync(join(tmpdir(), 'opsledger-publish-'));

/** `opsledger sync` in a child process; `during` runs (with the child paused) once its stderr matches. */
function syncWhile(
  env: Record<string, string>,
  when: (stderr: string) => boolean,
  during: () => Promise<void>,
) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/opsledger.js', 'sync', '--full'], {
      env: { ...process.env, ...env },
    });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stderr = '';
    let fired = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (fired || !when(stderr)) return;
      fired = true;
      // Frozen while it holds the work file open for writing: a reader must not care.
      child.kill('SIGSTOP');
      during()
        .then(() => child.kill('SIGCONT'))
        .catch((error: unknown) => {
          child.kill('SIGKILL');
          reject(error);
        });
    });
    child.stdout.on('data', () => undefined);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

// Worker processes and CLI children start in seconds, slower on a busy machine.
describe('published warehouse', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let env: Record<string, string>;
  let path: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 41 });
    const dir = tempDir();
    path = join(dir, 'analysts.duckdb');
    writeFileSync(join(dir, 'opsledger.config.yaml'), 'pagerduty:\n  history_days: 150\n');
    env = {
      OPSLEDGER_CONFIG: join(dir, 'opsledger.config.yaml'),
      PAGERDUTY_API_URL: sandbox.pagerduty.apiUrl,
      PAGERDUTY_TOKEN: sandbox.pagerduty.token,
      OPSLEDGER_WAREHOUSE: path,
      OPSLEDGER_PROGRESS_MS: '0',
      OPSLEDGER_LOAD_BATCH_RECORDS: '100',
    };
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('analysts query the last published run while a sync writes, then see the new one; failed runs publish nothing', async () => {
    const first = await runCli(['sync'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`published ${path}`);
    expect(existsSync(workPathFor(path))).toBe(true);

    const running = await syncWhile(
      env,
      (err) => progressLines(err, 'pagerduty.log_entries') >= 3,
      async () => {
        const read = await runCli(['sql', 'SELECT count(*) AS n FROM sync_runs', '--format', 'json'], env);
        expect(read.code, read.stderr).toBe(0);
        expect(read.stderr).not.toMatch(/lock/i);
        // The previous run only: the one being loaded is invisible until it is published whole.
        expect(JSON.parse(read.stdout)).toEqual([{ n: 1 }]);
      },
    );
    expect(running.code, running.stderr).toBe(0);
    const after = await runCli(
      ['sql', "SELECT count(*) AS n FROM sync_runs WHERE status = 'succeeded'", '--format', 'json'],
      env,
    );
    expect(JSON.parse(after.stdout)).toEqual([{ n: 2 }]);

    // A run that fails (the token is refused) and a run killed mid-way leave the published file as it was.
    const before = sha(path);
    const refused = await runCli(['sync'], { ...env, PAGERDUTY_TOKEN: 'wrong-token' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`not published: ${path} still holds the last good run`);
    expect(sha(path)).toBe(before);
    const killed = await syncWhile(
      env,
      (err) => progressLines(err, 'pagerduty.log_entries') >= 2,
      async () => {
        throw new Error('killed on purpose');
      },
    ).catch((error: Error) => error.message);
    expect(killed).toBe('killed on purpose');
    expect(sha(path)).toBe(before);
    const status = await runCli(['status'], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/succeeded/);
    expect(status.stdout).toMatch(/Redis: NOT REACHABLE at redis:\/\/127\.0\.0\.1:1/);
  });

  it('opens the work and the published file with the configured DuckDB memory limit', async () => {
    const dir = tempDir();
    const paths = warehousePaths({ warehouse: join(dir, 'w.duckdb'), jobs: {}, memoryLimit: '300MB' });
    const limitOf = async (w: Awaited<ReturnType<typeof openWorkWarehouse>>) =>
      (await w.all<{ v: string }>("SELECT current_setting('memory_limit') AS v"))[0]?.v;
    const writer = await openWorkWarehouse(paths);
    // DuckDB shows 300 MB (10^6 bytes) in MiB.
    expect(await limitOf(writer)).toBe('286.1 MiB');
    await closeWorkWarehouse(writer);
    await publishWarehouse(paths);
    const reader = await openPublished(paths);
    expect(await limitOf(reader)).toBe('286.1 MiB');
    reader.close();
  });

  it('a reader that has the published file open keeps its version; the next open sees the new one', async () => {
    const dir = tempDir();
    const paths = warehousePaths({ warehouse: join(dir, 'w.duckdb'), jobs: {} });
    const writer = await openWorkWarehouse(paths);
    await writer.run('CREATE TABLE t AS SELECT 1 AS v');
    await closeWorkWarehouse(writer);
    await publishWarehouse(paths);

    const reader = await openPublished(paths);
    const again = await openWorkWarehouse(paths);
    await again.run('INSERT INTO t SELECT range FROM range(2, 1001)');
    await closeWorkWarehouse(again);
    await publishWarehouse(paths);
    expect(await reader.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 1 }]);
    reader.close();
    const fresh = await openPublished(paths);
    expect(await fresh.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 1000 }]);
    fresh.close();
  });

  it('a warehouse from before the work file existed becomes the work file, history and cursors kept', async () => {
    const dir = tempDir();
    const old = join(dir, 'old.duckdb');
    const legacy = await openWarehouse(old);
    await legacy.run(
      "INSERT INTO sync_cursors VALUES ('pagerduty', 'incidents', '2026-01-01T00:00:00.000Z', 'r1', now())",
    );
    legacy.close();
    const paths = warehousePaths({ warehouse: old, jobs: {} });
    expect(paths.work).toBe(join(dir, 'old.work.duckdb'));
    const work = await openWorkWarehouse(paths);
    expect(await work.all('SELECT cursor_value FROM sync_cursors')).toEqual([
      { cursor_value: '2026-01-01T00:00:00.000Z' },
    ]);
    // While a writer holds the work file, another sync is told so (not shown DuckDB's lock message), and
    // analysts still read the published file.
    const env = {
      PAGERDUTY_API_URL: sandbox.pagerduty.apiUrl,
      PAGERDUTY_TOKEN: sandbox.pagerduty.token,
      OPSLEDGER_WAREHOUSE: old,
    };
    const blocked = await runCli(['sync'], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(
      `the warehouse work file ${paths.work} is being written by another sync`,
    );
    const read = await runCli(['sql', 'SELECT cursor_value FROM sync_cursors', '--format', 'csv'], env);
    expect(read.stdout).toBe('cursor_value\n2026-01-01T00:00:00.000Z\n');
    work.close();
  });

  it('refuses a work file that is the published file, and says which setting to change', () => {
    expect(() =>
      warehousePaths({ warehouse: '/tmp/a.duckdb', jobs: { workWarehouse: '/tmp/a.duckdb' } }),
    ).toThrow(ConfigError);
    expect(() =>
      warehousePaths({ warehouse: '/tmp/a.duckdb', jobs: { workWarehouse: '/tmp/a.duckdb' } }),
    ).toThrow(/jobs\.work_warehouse \(OPSLEDGER_WORK_WAREHOUSE\) must be another file/);
    expect(workPathFor('/data/opsledger.duckdb')).toBe('/data/opsledger.work.duckdb');
    expect(workPathFor('/data/warehouse')).toBe('/data/warehouse.work');
  });
});
