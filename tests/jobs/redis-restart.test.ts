import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { startTestSandbox } from '../helpers/world.ts';
import { cleanSnapshot, JobsWorld, jobsConfig, progressLines, publishedSnapshot } from './helpers.ts';
import { OwnRedis } from './redis-server.ts';

// Worker processes and CLI children start in seconds, slower on a busy machine.
describe('Redis restarted mid-run', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let redis: OwnRedis;
  let world: JobsWorld | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 31 });
    redis = await OwnRedis.start();
  });
  afterAll(async () => {
    await world?.dispose();
    await redis?.down();
    await sandbox?.close();
  });

  it('workers wait for Redis to come back and the run completes as a clean one', async () => {
    world = new JobsWorld(jobsConfig(sandbox, {}, { redisUrl: redis.url }));
    const clean = await cleanSnapshot(sandbox, world.config);
    let lines = '';
    let stopped = false;
    const log = createLogger('info', (line) => {
      lines += `${line}\n`;
      // Redis goes away in the middle of the log-entry extract, with jobs active and others waiting.
      if (!stopped && progressLines(lines, 'pagerduty.log_entries') >= 3) {
        stopped = true;
        redis.stopNow();
      }
    });
    world.startWorker('survivor', world.config, log);
    const { jobId } = await world.enqueue(sandbox);
    const following = world.follow(jobId);
    while (!stopped) await new Promise((r) => setTimeout(r, 20));
    await redis.down();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.up();

    const end = await following;
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('succeeded');
    expect(lines).toMatch(/is not answering/);
    expect(await publishedSnapshot(world.config)).toEqual(clean.tables);
  });
});
