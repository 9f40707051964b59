import { randomUUID } from 'node:crypto';
import { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { listSchedules, removeSchedule, schedulerId, setSchedule, syncQueueName } from '../../jobs/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { JobsWorld, redisUrl } from './helpers.ts';

const config = () =>
  loadConfig({
    env: {},
    dotenv: false,
    overrides: { redisUrl: redisUrl(), logLevel: 'silent', jobs: { prefix: `test-${randomUUID()}` } },
  });

/** Wall-clock hour and minute of an instant in a zone. */
const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

describe('nightly schedule', () => {
  let world: JobsWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  it('setting it twice keeps one scheduler, updated, with the next run in its time zone', async () => {
    world = new JobsWorld(config());
    const first = await setSchedule(world.runtime, { cron: '0 2 * * *', tz: 'Europe/Berlin' });
    expect(first).toMatchObject({ id: schedulerId, cron: '0 2 * * *', tz: 'Europe/Berlin', full: false });
    expect(localTime(first.next ?? '', 'Europe/Berlin')).toBe('02:00');

    const second = await setSchedule(world.runtime, {
      cron: '30 3 * * *',
      tz: 'America/New_York',
      full: true,
      sources: ['pagerduty'],
    });
    const all = await listSchedules(world.runtime);
    expect(all).toHaveLength(1);
    expect(all[0]).toEqual(second);
    expect(second).toMatchObject({
      cron: '30 3 * * *',
      tz: 'America/New_York',
      full: true,
      sources: ['pagerduty'],
    });
    expect(localTime(second.next ?? '', 'America/New_York')).toBe('03:30');
    // The scheduler's next job is the only delayed job: no leftover from the first pattern.
    expect(await world.runtime.syncQueue.getDelayedCount()).toBe(1);

    expect(await removeSchedule(world.runtime)).toBe(true);
    expect(await listSchedules(world.runtime)).toEqual([]);
    expect(await removeSchedule(world.runtime)).toBe(false);
  });

  it('refuses a bad pattern or zone, naming what is expected', async () => {
    world = new JobsWorld(config());
    await expect(setSchedule(world.runtime, { cron: 'every night', tz: 'UTC' })).rejects.toThrow(
      /expected a cron pattern of 5 fields/,
    );
    await expect(setSchedule(world.runtime, { cron: '0 2 * * *', tz: 'Mars/Olympus' })).rejects.toThrow(
      /expected an IANA time zone/,
    );
    await expect(setSchedule(world.runtime, { cron: '0 2 * *', tz: 'UTC' })).rejects.toThrow(/5 fields/);
    expect(await listSchedules(world.runtime)).toEqual([]);
  });

  it('a scheduled tick enqueues a run the way `sync --queue` does, sharing its deduplication', async () => {
    // No source has credentials on this worker: the run plans, finds nothing to sync, and ends at once.
    world = new JobsWorld(config());
    const trigger = await world.runtime.syncQueue.add('trigger', { full: false });
    const joined = await world.enqueue();
    world.startWorker();
    for (;;) {
      if ((await world.runtime.syncQueue.getJobState(trigger.id ?? '')) === 'completed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = await Job.fromId(world.runtime.queue(syncQueueName), trigger.id ?? '');
    expect(done?.returnvalue).toEqual({ runJobId: joined.jobId, deduplicated: true });
    const end = await world.follow(joined.jobId);
    expect(end.state === 'completed' && end.summary.status).toBe('skipped');
  });
});
