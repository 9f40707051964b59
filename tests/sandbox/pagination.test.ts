import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { DAY_MS, iso, NOW, pd, startTestSandbox, walk } from './helpers.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe('classic pagination', () => {
  it('walks every incident exactly once, in created_at order, and stops with more=false', async () => {
    const { items, pages } = await walk(sandbox, '/incidents?date_range=all&total=true', 'incidents');
    const truth = sandbox.pagerduty.truth().incidents;
    expect(items.map((i) => i.id)).toEqual(truth.map((t) => t.id));
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(pages.slice(0, -1).every((p) => p.body.more === true)).toBe(true);
    expect(pages.at(-1)!.body.more).toBe(false);
    expect(pages.every((p) => p.body.total === truth.length)).toBe(true);
    const numbers = items.map((i) => i.incident_number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('answers total: null unless total=true, and echoes limit and offset', async () => {
    const answer = await pd(sandbox, '/incidents?date_range=all&limit=7&offset=14');
    expect(answer.body).toMatchObject({ limit: 7, offset: 14, more: true, total: null });
    expect(answer.body.incidents).toHaveLength(7);
    expect(answer.body.incidents[0].incident_number).toBe(15);
  });

  it('defaults to 25 per page and clamps larger limits to 100', async () => {
    expect((await pd(sandbox, '/incidents?date_range=all')).body.incidents).toHaveLength(25);
    const clamped = await pd(sandbox, '/incidents?date_range=all&limit=500');
    expect(clamped.status).toBe(200);
    expect(clamped.body.limit).toBe(100);
    expect(clamped.body.incidents).toHaveLength(100);
  });

  it('answers 400 / 2002 when offset + limit exceeds the cap, like PagerDuty at 10,000', async () => {
    const capped = await startTestSandbox({ paginationCap: 300 });
    onTestFinished(() => capped.close());
    expect((await pd(capped, '/incidents?date_range=all&limit=100&offset=200')).status).toBe(200);
    const over = await pd(capped, '/incidents?date_range=all&limit=100&offset=201');
    expect(over.status).toBe(400);
    expect(over.body).toEqual({
      error: {
        message: 'Arguments Caused Error',
        code: 2002,
        errors: [
          'Offset+limit exceeds maximum allowed value of 300. Please try to refine your search to reduce the returned set of records below this number, like adding a date range.',
        ],
      },
    });
    expect((await pd(capped, '/log_entries?limit=50&offset=260')).status).toBe(400);
    expect((await pd(sandbox, '/incidents?date_range=all&limit=100&offset=201')).status).toBe(200);
  });

  it('rejects a bad limit or offset with an ArgumentError', async () => {
    for (const query of ['limit=abc', 'limit=0', 'offset=-1', 'offset=1.5']) {
      const answer = await pd(sandbox, `/incidents?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe(2001);
      expect(answer.body.error.errors).toHaveLength(1);
    }
  });

  it('walks /log_entries newest first, each entry once, equal to the per-incident logs', async () => {
    const since = NOW.getTime() - 10 * DAY_MS;
    const { items } = await walk(
      sandbox,
      `/log_entries?since=${iso(since)}&until=${iso(NOW)}`,
      'log_entries',
    );
    const times = items.map((e) => Date.parse(e.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
    expect(times.every((t) => t >= since && t <= NOW.getTime())).toBe(true);

    const recent = sandbox.pagerduty
      .truth()
      .incidents.filter((i) => i.createdAt.getTime() >= since - 30 * DAY_MS);
    const expected = new Set<string>();
    for (const incident of recent) {
      const log = await walk(sandbox, `/incidents/${incident.id}/log_entries`, 'log_entries');
      for (const e of log.items) if (Date.parse(e.created_at) >= since) expected.add(e.id);
    }
    expect(new Set(items.map((e) => e.id))).toEqual(expected);
  });
});
