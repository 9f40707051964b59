import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { startTestSandbox } from '../helpers/world.ts';
import { JobsWorld, jobsConfig, redisUrl, removePrefix } from './helpers.ts';

const unreachable = 'redis://127.0.0.1:1';

/** A CLI child that keeps running; resolves its output once stdout/stderr match. */
function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/opsledger.js', ...args], { env: { ...process.env, ...env } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr.on('data', (d) => {
    out.stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const until = async (test: () => boolean) => {
    while (!test()) {
      if (child.exitCode !== null) throw new Error(`exited early:\n${out.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out, exited, until };
}

// Worker processes and CLI children start in seconds, slower on a busy machine.
describe('opsledger worker, schedule, status, dashboard, sync --queue', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let world: JobsWorld | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 43 });
  });
  afterAll(async () => {
    await world?.dispose();
    await sandbox?.close();
  });

  it('has --help on every command', async () => {
    const top = await runCli(['--help']);
    for (const command of ['worker', 'schedule', 'status', 'dashboard'])
      expect(top.stdout).toContain(command);
    const commands = [['worker'], ['schedule'], ['schedule', 'set'], ['status'], ['dashboard'], ['sync']];
    const helps = await Promise.all(commands.map((args) => runCli([...args, '--help'])));
    helps.forEach((help, i) => {
      expect(help.code, commands[i]?.join(' ')).toBe(0);
      expect(help.stdout, commands[i]?.join(' ')).toMatch(/Usage: opsledger/);
    });
    expect(helps[1]?.stdout).toMatch(/set \[options\][\s\S]*list[\s\S]*remove/);
    expect(helps[5]?.stdout).toContain('--queue');
  });

  it('names the flag and what is expected when a flag is bad', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['worker', '--concurrency', '0'], /--concurrency: expected an integer from 1 to 64/],
      [['status', '--runs', 'all'], /--runs: expected a number of runs/],
      [['dashboard', '--port', '70000'], /--port: expected a port number/],
      [['schedule', 'set', '--cron', 'nightly', '--tz', 'UTC'], /--cron: expected a cron pattern/],
      [
        ['schedule', 'set', '--cron', '0 2 * * *', '--tz', 'Mars/Olympus'],
        /--tz: expected an IANA time zone/,
      ],
      [
        ['schedule', 'set', '--cron', '0 2 * * *', '--tz', 'UTC', '--source', 'nagios'],
        /--source.*: expected one of/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, { REDIS_URL: redisUrl() })));
    results.forEach((result, i) => {
      const [args, message] = cases[i] ?? [[], /./];
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    });
  });

  it('says clearly when Redis is not reachable', async () => {
    const env = {
      REDIS_URL: unreachable,
      PAGERDUTY_TOKEN: 'x',
      OPSLEDGER_WAREHOUSE: join(mkdtempSync(join(tmpdir(), 'opsledger-')), 'w.duckdb'),
    };
    const commands = [['worker'], ['sync', '--queue'], ['schedule', 'list'], ['dashboard']];
    const results = await Promise.all(commands.map((args) => runCli(args, env)));
    results.forEach((result, i) => {
      expect(result.code, commands[i]?.join(' ')).toBe(2);
      expect(result.stderr, commands[i]?.join(' ')).toMatch(
        /Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*start redis-server or set REDIS_URL/,
      );
    });
    const status = await runCli(['status'], { ...env, REDIS_URL: 'redis://:s3cret-pass@127.0.0.1:1' });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Published warehouse: none yet/);
    expect(status.stdout).toMatch(
      /Redis: NOT REACHABLE at redis:\/\/:\*\*\*@127\.0\.0\.1:1: next scheduled run and runs in progress unknown/,
    );
    expect(status.stdout + status.stderr).not.toContain('s3cret-pass');
  });

  it('schedule set twice, list, status and remove through the CLI', async () => {
    const env = { REDIS_URL: redisUrl(), OPSLEDGER_QUEUE_PREFIX: `test-${randomUUID()}` };
    onTestFinished(() => removePrefix(env.REDIS_URL, env.OPSLEDGER_QUEUE_PREFIX));
    const first = await runCli(['schedule', 'set', '--cron', '0 2 * * *', '--tz', 'Europe/Berlin'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Nightly sync set: 0 2 \* \* \* \(Europe\/Berlin\); next run 20\d\d-/);
    const second = await runCli(['schedule', 'set', '--cron', '15 4 * * 1-5', '--tz', 'UTC', '--full'], env);
    expect(second.code, second.stderr).toBe(0);
    const list = await runCli(['schedule', 'list'], env);
    expect(list.stdout).toContain('15 4 * * 1-5');
    expect(list.stdout).not.toContain('Europe/Berlin');
    expect(list.stdout).toContain('(1 row)');
    const status = await runCli(['status'], env);
    expect(status.stdout).toMatch(
      /Next scheduled run: 20\d\d-\S+T04:15:00\.000Z \(nightly-sync: 15 4 \* \* 1-5, UTC\)/,
    );
    expect(status.stdout).toMatch(/Run in progress: none/);
    const removed = await runCli(['schedule', 'remove'], env);
    expect(removed.stdout).toContain('Nightly sync removed.');
    expect((await runCli(['schedule', 'list'], env)).stdout).toMatch(/No schedule/);
  });

  it('sync --queue follows the run to its end; a second one joins it; the exit code says how it ended', async () => {
    world = new JobsWorld(jobsConfig(sandbox));
    const dir = mkdtempSync(join(tmpdir(), 'opsledger-cli-queue-'));
    writeFileSync(join(dir, 'opsledger.config.yaml'), 'pagerduty:\n  history_days: 150\n');
    const env = {
      REDIS_URL: redisUrl(),
      OPSLEDGER_QUEUE_PREFIX: world.runtime.prefix,
      OPSLEDGER_WAREHOUSE: world.config.warehouse,
      OPSLEDGER_CONFIG: join(dir, 'opsledger.config.yaml'),
      PAGERDUTY_API_URL: sandbox.pagerduty.apiUrl,
      PAGERDUTY_TOKEN: sandbox.pagerduty.token,
    };
    const first = startCli(['sync', '--queue'], env);
    await first.until(() => /run job \S+ queued/.test(first.out.stderr));
    expect(first.out.stderr).toMatch(/no worker is connected yet/);
    const second = startCli(['sync', '--queue'], env);
    await second.until(() => /already in progress/.test(second.out.stderr));
    world.startWorker();
    expect(await first.exited, first.out.stderr).toBe(0);
    expect(await second.exited, second.out.stderr).toBe(0);
    for (const run of [first, second]) {
      expect(run.out.stdout).toMatch(/Sync \S+: succeeded/);
      expect(run.out.stdout).toContain('pagerduty.log_entries');
      expect(run.out.stderr).toMatch(/pagerduty\.log_entries: completed/);
      expect(run.out.stderr).toMatch(/publish: completed/);
    }
    const runs = await runCli(['sql', 'SELECT count(*) AS n FROM sync_runs', '--format', 'json'], env);
    expect(JSON.parse(runs.stdout)).toEqual([{ n: 1 }]);

    // No credentials on the worker side either: nothing to sync, exit 2.
    await world.workers[0]?.close();
    world.startWorker('no-credentials', {
      ...world.config,
      pagerduty: { ...world.config.pagerduty, token: undefined },
    });
    const skipped = await runCli(['sync', '--queue'], env);
    expect(skipped.code, skipped.stderr).toBe(2);
    expect(skipped.stderr).toMatch(/nothing to sync: no source has credentials on the worker/);
  });

  it('dashboard serves Bull Board on 127.0.0.1 with the sync queues', async () => {
    const env = { REDIS_URL: redisUrl(), OPSLEDGER_QUEUE_PREFIX: `test-${randomUUID()}` };
    onTestFinished(() => removePrefix(env.REDIS_URL, env.OPSLEDGER_QUEUE_PREFIX));
    const board = startCli(['dashboard', '--port', '0'], env);
    try {
      await board.until(() => /Bull Board: http:\/\/127\.0\.0\.1:\d+\//.test(board.out.stdout));
      const url = /Bull Board: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(board.out.stdout)?.[1] ?? '';
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const api = (await (await fetch(`${url}api/queues`)).json()) as { queues: Array<{ name: string }> };
      expect(api.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['sync', 'extract-pagerduty']));
    } finally {
      board.child.kill('SIGTERM');
      expect(await board.exited).toBe(0);
    }
  });
});
