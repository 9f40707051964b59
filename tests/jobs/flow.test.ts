import { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractQueueName, flowJobIds, syncQueueName } from '../../jobs/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { openPublished, warehousePaths } from '../../src/warehouse/publish.ts';
import { startTestSandbox } from '../helpers/world.ts';
import { cleanSnapshot, JobsWorld, jobsConfig, publishedSnapshot } from './helpers.ts';

describe('queued sync flow', () => {
  let sandbox: Sandbox;
  let world: JobsWorld | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 21 });
  });
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('runs extract, load, metrics, checks, publish in order and equals the in-process sync', async () => {
    world = new JobsWorld(jobsConfig(sandbox));
    const clean = await cleanSnapshot(sandbox, world.config);
    world.startWorker();
    const { jobId, deduplicated } = await world.enqueue(sandbox);
    expect(deduplicated).toBe(false);
    const end = await world.follow(jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('succeeded');
    expect(end.summary.published).toBe(true);
    expect(end.summary.outcomes.map((o) => `${o.source}.${o.stream}`)).toEqual(
      clean.result.outcomes.map((o) => `${o.source}.${o.stream}`),
    );
    expect(end.summary.checks?.incidents).toBeGreaterThan(0);

    // Flow order: every step started after the steps it depends on had finished.
    const runId = end.summary.runId;
    const sync = world.runtime.queue(syncQueueName);
    const steps = await Promise.all(
      [flowJobIds.load, flowJobIds.metrics, flowJobIds.checks, flowJobIds.publish].map((id) =>
        Job.fromId(sync, id(runId)),
      ),
    );
    const extracts = await Promise.all(
      end.summary.outcomes.map((o) =>
        Job.fromId(
          world!.runtime.queue(extractQueueName(o.source)),
          flowJobIds.extract(runId, o.source, o.stream),
        ),
      ),
    );
    const lastExtract = Math.max(...extracts.map((j) => j?.finishedOn ?? Number.POSITIVE_INFINITY));
    let previousEnd = lastExtract;
    for (const step of steps) {
      expect(step?.processedOn).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = step?.finishedOn ?? Number.POSITIVE_INFINITY;
    }
    expect(extracts.every((j) => j?.attemptsMade === 0 || j?.attemptsMade === 1)).toBe(true);

    // Same sandbox, same clock: the published warehouse holds exactly what the in-process sync loaded.
    expect(await publishedSnapshot(world.config)).toEqual(clean.tables);
    const published = await openPublished(warehousePaths(world.config));
    const runs = await published.all<{ status: string }>('SELECT status FROM sync_runs');
    published.close();
    expect(runs).toEqual([{ status: 'succeeded' }]);
  });

  it('deduplicates concurrent triggers: one run, every caller follows it', async () => {
    world = new JobsWorld(jobsConfig(sandbox));
    const triggers = await Promise.all([
      world.enqueue(sandbox),
      world.enqueue(sandbox),
      world.enqueue(sandbox),
    ]);
    expect(new Set(triggers.map((t) => t.jobId)).size).toBe(1);
    expect(triggers.filter((t) => !t.deduplicated)).toHaveLength(1);
    world.startWorker();
    // A trigger while the run is in progress joins it too.
    const late = await world.enqueue(sandbox);
    expect(late).toEqual({ jobId: triggers[0]?.jobId, deduplicated: true });
    const end = await world.follow(late.jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    const published = await openPublished(warehousePaths(world.config));
    const runs = await published.all<{ n: number }>('SELECT count(*) AS n FROM sync_runs');
    published.close();
    expect(runs[0]?.n).toBe(1);
    // Once it has ended, a new trigger starts a new run (left unprocessed: the worker is stopped first).
    await world.workers[0]?.close();
    const next = await world.enqueue(sandbox);
    expect(next.deduplicated).toBe(false);
    expect(next.jobId).not.toBe(late.jobId);
  });
});
