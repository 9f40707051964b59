import { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractQueueName, flowJobIds } from '../../jobs/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { startTestSandbox } from '../helpers/world.ts';
import {
  cleanSnapshot,
  JobsWorld,
  jobsConfig,
  progressLines,
  publishedSnapshot,
  runIdOf,
  WorkerChild,
  writeConfigFile,
} from './helpers.ts';

/** Short locks so that a dead worker's job is noticed within seconds (production: 30 s). */
const fastStalls = { lockDurationMs: 2000, stalledIntervalMs: 1000, maxStalledCount: 2 };

// Worker processes and CLI children start in seconds, slower on a busy machine.
describe('worker crashes and shutdowns', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let clean: Awaited<ReturnType<typeof cleanSnapshot>>;
  let world: JobsWorld | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 29 });
    clean = await cleanSnapshot(sandbox, jobsConfig(sandbox));
  });
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('a worker killed with SIGKILL mid-job: its job is picked up again and the run ends as a clean one', async () => {
    world = new JobsWorld(jobsConfig(sandbox, fastStalls));
    const child = new WorkerChild(writeConfigFile(world.config));
    await child.waitFor((err) => err.includes('under prefix'));
    const { jobId } = await world.enqueue(sandbox);
    // Killed in the middle of the log-entry extract, after several spooled batches.
    await child.waitFor(
      (err) => progressLines(err, 'pagerduty.log_entries') >= 5,
      () => child.kill('SIGKILL'),
    );
    expect((await child.exited).signal).toBe('SIGKILL');

    world.startWorker('rescuer');
    const end = await world.follow(jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('succeeded');
    const logEntries = await Job.fromId(
      world.runtime.queue(extractQueueName('pagerduty')),
      flowJobIds.extract(end.summary.runId, 'pagerduty', 'log_entries'),
    );
    expect(logEntries?.stalledCounter).toBeGreaterThanOrEqual(1);
    expect(logEntries?.processedBy).toBe('rescuer');
    expect(await publishedSnapshot(world.config)).toEqual(clean.tables);
  });

  it('SIGTERM hands the job in hand back (no attempt spent) and the worker exits cleanly', async () => {
    world = new JobsWorld(jobsConfig(sandbox, { shutdownGraceMs: 0 }));
    const child = new WorkerChild(writeConfigFile(world.config));
    await child.waitFor((err) => err.includes('under prefix'));
    const { jobId } = await world.enqueue(sandbox);
    await child.waitFor(
      (err) => progressLines(err, 'pagerduty.log_entries') >= 3,
      () => child.kill('SIGTERM'),
    );
    const exit = await child.exited;
    expect(exit.code, child.stderr).toBe(0);
    expect(child.stderr).toMatch(/SIGTERM: finishing the jobs in hand/);

    const runId = await runIdOf(world, jobId);
    const logEntries = await Job.fromId(
      world.runtime.queue(extractQueueName('pagerduty')),
      flowJobIds.extract(runId, 'pagerduty', 'log_entries'),
    );
    expect(await logEntries?.getState()).toBe('waiting');
    expect(logEntries?.attemptsMade).toBe(0);

    world.startWorker('next-worker');
    const end = await world.follow(jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    expect(await publishedSnapshot(world.config)).toEqual(clean.tables);
  });
});
