import { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractQueueName, flowJobIds, syncQueueName } from '../../jobs/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { openPublished, warehousePaths } from '../../src/warehouse/publish.ts';
import { startTestSandbox } from '../helpers/world.ts';
import {
  cleanSnapshot,
  JobsWorld,
  jobsConfig,
  publishedSnapshot,
  WorkerChild,
  writeConfigFile,
} from './helpers.ts';

// Worker processes and CLI children start in seconds, slower on a busy machine.
describe('two workers on one Redis', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let world: JobsWorld | undefined;
  const children: WorkerChild[] = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 37 });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await world?.dispose();
    await sandbox?.close();
  });

  it('share a run without running a job twice or duplicating a single row', async () => {
    world = new JobsWorld(jobsConfig(sandbox, { concurrency: 2 }));
    const clean = await cleanSnapshot(sandbox, world.config);
    const configFile = writeConfigFile(world.config);
    children.push(new WorkerChild(configFile), new WorkerChild(configFile));
    await Promise.all(children.map((c) => c.waitFor((err) => err.includes('under prefix'))));
    const names = children.map((c) => /worker (\S+): queues/.exec(c.stderr)?.[1]);

    const end = await world.follow((await world.enqueue(sandbox)).jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('succeeded');

    const runId = end.summary.runId;
    const extracts = await Promise.all(
      end.summary.outcomes.map((o) =>
        Job.fromId(
          world!.runtime.queue(extractQueueName(o.source)),
          flowJobIds.extract(runId, o.source, o.stream),
        ),
      ),
    );
    const steps = await Promise.all(
      [flowJobIds.load, flowJobIds.metrics, flowJobIds.checks, flowJobIds.publish].map((id) =>
        Job.fromId(world!.runtime.queue(syncQueueName), id(runId)),
      ),
    );
    for (const job of [...extracts, ...steps]) {
      expect(job?.attemptsStarted, job?.id).toBe(1);
      expect(names, job?.id).toContain(job?.processedBy);
    }

    // Every row once: the published warehouse equals the in-process one, lineage included per stream.
    expect(await publishedSnapshot(world.config)).toEqual(clean.tables);
    const published = await openPublished(warehousePaths(world.config));
    const streams = await published.all<{ n: number }>('SELECT count(*) AS n FROM sync_run_streams');
    published.close();
    expect(streams[0]?.n).toBe(end.summary.outcomes.length);

    // Both processes charged one shared request budget per source API.
    const redis = new Redis(world.config.redisUrl);
    const charged = Number(await redis.get(`${world.runtime.prefix}:rate-budget:pagerduty`));
    redis.disconnect();
    expect(charged).toBeGreaterThanOrEqual(end.summary.requests);
  });
});
