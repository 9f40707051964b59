import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job, type Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractQueueName, flowJobIds, syncQueueName } from '../../jobs/index.ts';
import { spoolRoot, streamSpoolDir } from '../../jobs/spool.ts';
import { silentLogger } from '../../src/logger.ts';
import { beginRun } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  closeWorkWarehouse,
  openPublished,
  openWorkWarehouse,
  warehousePaths,
} from '../../src/warehouse/publish.ts';
import { startTestSandbox } from '../helpers/world.ts';
import { cleanSnapshot, contentTables, JobsWorld, jobsConfig, publishedSnapshot } from './helpers.ts';

const jiraTables = ['fields', 'statuses', 'incidents', 'postmortems', 'action_items', 'live_issues'].map(
  (t) => `raw_jira__${t}`,
);

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('queued sync retries', () => {
  let sandbox: Sandbox;
  let world: JobsWorld | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 23 });
  });
  afterEach(async () => {
    sandbox.faults.clear();
    await world?.dispose();
    world = undefined;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('retries a failing extract alone: the other streams are not read again', async () => {
    world = new JobsWorld(jobsConfig(sandbox));
    sandbox.stats.reset();
    const clean = await cleanSnapshot(sandbox, world.config);
    const cleanRequests = sandbox.stats.byRoute();

    // One answer PagerDuty never retries (400): the log-entry read fails once, its job is retried.
    sandbox.stats.reset();
    sandbox.faults.inject({ route: '/log_entries', status: 400 });
    world.startWorker();
    const { jobId } = await world.enqueue(sandbox);
    const end = await world.follow(jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('succeeded');

    const runId = end.summary.runId;
    const pagerduty = world.runtime.queue(extractQueueName('pagerduty'));
    const attempts = Object.fromEntries(
      await Promise.all(
        end.summary.outcomes.map(async (o) => {
          const job = await Job.fromId(pagerduty, flowJobIds.extract(runId, o.source, o.stream));
          return [o.stream, job?.attemptsStarted] as const;
        }),
      ),
    );
    expect(attempts).toEqual({
      teams: 1,
      users: 1,
      escalation_policies: 1,
      services: 1,
      incidents: 1,
      log_entries: 2,
      oncalls: 1,
    });
    const requests = sandbox.stats.byRoute();
    for (const route of Object.keys(cleanRequests).filter((r) => !r.endsWith('/log_entries')))
      expect(requests[route], route).toBe(cleanRequests[route]);
    expect(requests['GET /pagerduty/log_entries']).toBe(
      (cleanRequests['GET /pagerduty/log_entries'] ?? 0) + 1,
    );
    expect(await publishedSnapshot(world.config)).toEqual(clean.tables);
  });

  it('retries a failed Jira extract alone: PagerDuty is not read again', async () => {
    const jira = {
      host: sandbox.jira.host,
      email: sandbox.jira.email,
      apiToken: sandbox.jira.apiToken,
      historyDays: 150,
    };
    // One extract at a time per source queue, so the injected failures all land on one Jira stream.
    world = new JobsWorld(jobsConfig(sandbox, { concurrency: 1 }, { jira }));
    const tables = [...contentTables, ...jiraTables];
    sandbox.stats.reset();
    const clean = await cleanSnapshot(sandbox, world.config, tables);
    const cleanRequests = sandbox.stats.byRoute();

    // Jira's search answers 503 (Retry-After: 0) more times than the client retries: one stream fails once.
    sandbox.stats.reset();
    sandbox.faults.inject({ route: /search/, status: 503, times: 6, headers: { 'Retry-After': '0' } });
    world.startWorker();
    const end = await world.follow((await world.enqueue(sandbox)).jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('succeeded');

    const started = await Promise.all(
      end.summary.outcomes.map(async (o) => {
        const queue = world!.runtime.queue(extractQueueName(o.source));
        const job = await Job.fromId(queue, flowJobIds.extract(end.summary.runId, o.source, o.stream));
        return [`${o.source}.${o.stream}`, job?.attemptsStarted ?? 0] as const;
      }),
    );
    const retried = started.filter(([, n]) => n > 1).map(([label]) => label);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatch(/^jira\./);
    expect(started.filter(([, n]) => n === 1)).toHaveLength(started.length - 1);
    const requests = sandbox.stats.byRoute();
    for (const route of Object.keys(cleanRequests).filter((r) => r.includes('/pagerduty/')))
      expect(requests[route], route).toBe(cleanRequests[route]);
    expect(await publishedSnapshot(world.config, tables)).toEqual(clean.tables);
  });

  it('does not retry bad credentials, says what to fix, and keeps the last published warehouse', async () => {
    world = new JobsWorld(jobsConfig(sandbox));
    world.startWorker('good-worker');
    const first = await world.follow((await world.enqueue(sandbox)).jobId);
    expect(first.state, JSON.stringify(first)).toBe('completed');
    await world.workers[0]?.close();
    const paths = warehousePaths(world.config);
    const before = sha(paths.published);

    const badConfig = { ...world.config, pagerduty: { ...world.config.pagerduty, token: 'not-the-token' } };
    world.startWorker('bad-token-worker', badConfig);
    const end = await world.follow((await world.enqueue(sandbox)).jobId);
    expect(end.state, JSON.stringify(end)).toBe('completed');
    if (end.state !== 'completed') return;
    expect(end.summary.status).toBe('failed');
    expect(end.summary.published).toBe(false);
    for (const outcome of end.summary.outcomes) expect(outcome.status).toBe('failed');

    const incidents = await Job.fromId(
      world.runtime.queue(extractQueueName('pagerduty')),
      flowJobIds.extract(end.summary.runId, 'pagerduty', 'incidents'),
    );
    expect(await incidents?.getState()).toBe('failed');
    expect(incidents?.attemptsStarted).toBe(1);
    expect(incidents?.failedReason).toMatch(/check PAGERDUTY_TOKEN.*not retried/);
    expect(incidents?.failedReason).not.toContain('not-the-token');

    // The failed run is recorded in the work file; analysts still see the first run, byte for byte.
    expect(sha(paths.published)).toBe(before);
    const published = await openPublished(paths);
    const runs = await published.all<{ status: string }>('SELECT status FROM sync_runs');
    published.close();
    expect(runs).toEqual([{ status: 'succeeded' }]);
  });

  it('fails jobs whose data is invalid at once, naming the field', async () => {
    world = new JobsWorld(jobsConfig(sandbox));
    world.startWorker();
    const extracts = world.runtime.queue(extractQueueName('pagerduty'));
    const sync = world.runtime.queue(syncQueueName);
    const extract = await extracts.add(
      'extract',
      { runId: 'yesterday', source: 'pagerduty', stream: 'teams', now: 'soon', full: false, cursor: null },
      { attempts: 3 },
    );
    const run = await sync.add('run', { trigger: 'test' }, { attempts: 3 });
    const unknown = await sync.add('reticulate', {}, { attempts: 3 });
    const settled = async (queue: Queue, id: string | undefined) => {
      for (;;) {
        const state = await queue.getJobState(id ?? '');
        if (state === 'failed' || state === 'completed') return Job.fromId(queue, id ?? '');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const [badExtract, badRun, badName] = await Promise.all([
      settled(extracts, extract.id),
      settled(sync, run.id),
      settled(sync, unknown.id),
    ]);
    expect(badExtract?.failedReason).toMatch(
      /extract job data is invalid: runId: expected a run id.*now: expected an ISO-8601/,
    );
    expect(badExtract?.attemptsStarted).toBe(1);
    expect(badRun?.failedReason).toMatch(/run job data is invalid: requestId/);
    expect(badName?.failedReason).toMatch(/no job named reticulate/);
  });
});

describe('a writer step that fails for good', () => {
  it('records the run as failed with the reason and publishes nothing', async () => {
    const sandbox = await startTestSandbox({ seed: 47 });
    const world = new JobsWorld(jobsConfig(sandbox, { attempts: 2 }));
    try {
      const paths = warehousePaths(world.config);
      const runId = '20261015T120000Z-abcdef';
      const work = await openWorkWarehouse(paths);
      await beginRun(work, {
        runId,
        now: sandbox.clock.now(),
        full: false,
        sources: ['pagerduty'],
        config: world.config,
        log: silentLogger,
      });
      await closeWorkWarehouse(work);
      // A spool whose result names a batch file that is not there (a disk emptied under the worker).
      const dir = streamSpoolDir(spoolRoot(world.config), runId, 'pagerduty', 'teams');
      mkdirSync(dir, { recursive: true });
      const at = new Date().toISOString();
      writeFileSync(
        join(dir, 'result.json'),
        JSON.stringify({
          file: 'attempt-1-gone.ndjson',
          status: 'succeeded',
          records: 4,
          rejects: 0,
          batches: 1,
          cursorBefore: null,
          cursorAfter: null,
          requests: 1,
          startedAt: at,
          finishedAt: at,
        }),
      );
      world.startWorker();
      const load = await world.runtime.syncQueue.add(
        'load',
        {
          runId,
          now: sandbox.clock.now().toISOString(),
          streams: [{ source: 'pagerduty', stream: 'teams', cursor: null }],
        },
        { attempts: 2, backoff: { type: 'exponential', delay: 50, jitter: 0.5 } },
      );
      for (;;) {
        if ((await world.runtime.syncQueue.getJobState(load.id ?? '')) === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await world.workers[0]?.close();
      const failed = await Job.fromId(world.runtime.syncQueue, load.id ?? '');
      expect(failed?.attemptsMade).toBe(2);
      expect(failed?.failedReason).toMatch(/ENOENT/);
      const after = await openWorkWarehouse(paths);
      const runs = await after.all<{ status: string; error: string }>('SELECT status, error FROM sync_runs');
      after.close();
      expect(runs).toEqual([{ status: 'failed', error: expect.stringMatching(/^load step: .*ENOENT/) }]);
      expect(existsSync(paths.published)).toBe(false);
      expect(existsSync(join(spoolRoot(world.config), runId))).toBe(false);
    } finally {
      await world.dispose();
      await sandbox.close();
    }
  });
});
