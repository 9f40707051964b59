import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPagerDutyClient } from '../../../connectors/pagerduty/client.ts';
import { createPagerDutyStreams } from '../../../connectors/pagerduty/index.ts';
import type { Stream, StreamBatch, StreamContext } from '../../../connectors/stream.ts';
import { createLogger } from '../../../src/logger.ts';
import { type FakeServer, json, listHandler, startFakeServer, syntheticIncidents } from './fake-server.ts';

let server: FakeServer;
let lines: string[];
beforeEach(async () => {
  server = await startFakeServer();
  lines = [];
});
afterEach(() => server.close());

const log = () => createLogger('debug', (line) => lines.push(line));

function streams(startDate: Date, overlapMs?: number) {
  const client = createPagerDutyClient({
    apiUrl: server.apiUrl,
    token: 'tok-12345678',
    log: log(),
    baseDelayMs: 10,
  });
  const [teams, users, policies, services, incidents, logEntries] = createPagerDutyStreams(client, {
    startDate,
    overlapMs,
  });
  return { teams, users, policies, services, incidents, logEntries, client };
}

async function read<T>(
  stream: Stream<T>,
  ctx: Partial<StreamContext> & { now: Date },
): Promise<StreamBatch<T>[]> {
  const out: StreamBatch<T>[] = [];
  for await (const batch of stream.read({ cursor: null, log: log(), ...ctx })) out.push(batch);
  return out;
}

const start = new Date('2026-01-01T00:00:00Z');
const now = new Date('2026-02-01T00:00:00Z');

describe('createPagerDutyStreams', () => {
  it('returns the six streams in dependency order', () => {
    const all = streams(start);
    expect(
      [all.teams, all.users, all.policies, all.services, all.incidents, all.logEntries].map((s) => s.name),
    ).toEqual(['teams', 'users', 'escalation_policies', 'services', 'incidents', 'log_entries']);
    expect(new Set([all.teams.source, all.incidents.source])).toEqual(new Set(['pagerduty']));
  });
});

describe('incidents stream', () => {
  it('asks for all statuses, ascending creation order, UTC, and sets the cursor to the window end', async () => {
    const incidents = syntheticIncidents(30, start, now);
    server.handle(listHandler('incidents', incidents, 10_000));
    const batches = await read(streams(start).incidents, { now });
    expect(batches.flatMap((b) => b.records.map((r) => r.id))).toEqual(incidents.map((i) => i.id));
    expect(batches.at(-1)?.cursor).toBe(now.toISOString());
    const q = server.requests[0]!.query;
    expect(q.getAll('statuses[]')).toEqual(['triggered', 'acknowledged', 'resolved']);
    expect(q.get('sort_by')).toBe('created_at:asc');
    expect(q.get('since')).toBe(start.toISOString());
    expect(q.get('until')).toBe(now.toISOString());
    expect(q.get('total')).toBe('true');
  });

  it('starts at cursor − overlap on an incremental read', async () => {
    server.handle(listHandler('incidents', [], 10_000));
    await read(streams(start, 30 * 60_000).incidents, { now, cursor: '2026-01-20T10:00:00.000Z' });
    expect(server.requests[0]!.query.get('since')).toBe('2026-01-20T09:30:00.000Z');
  });

  it('re-fetches the open ids it did not just read, skips a 404, and yields them with a null cursor', async () => {
    const listed = syntheticIncidents(3, start, now);
    const open = { ...listed[0]!, id: 'POLD1', created_at: '2025-06-01T00:00:00Z', status: 'resolved' };
    const list = listHandler('incidents', listed, 10_000);
    server.handle((req, res) => {
      if (req.path === '/incidents') return list(req, res);
      if (req.path === '/incidents/POLD1') return json(res, 200, { incident: open });
      json(res, 404, { error: { message: 'Not Found', code: 2100 } });
    });
    const batches = await read(streams(start).incidents, {
      now,
      refreshIds: ['POLD1', 'PGONE', listed[1]!.id],
    });
    const refresh = batches.filter((b) => b.records.some((r) => r.id === 'POLD1'));
    expect(refresh).toHaveLength(1);
    expect(refresh[0]!.cursor).toBeNull();
    expect(refresh[0]!.records).toEqual([open]);
    const fetched = server.requests.filter((r) => r.path.startsWith('/incidents/')).map((r) => r.path);
    expect(fetched.sort()).toEqual(['/incidents/PGONE', '/incidents/POLD1']); // listed[1] was read by the list
    expect(lines.some((l) => l.includes('PGONE') && l.includes('404'))).toBe(true);
  });

  it('a record failing its schema becomes a reject; the rest of the page is yielded', async () => {
    const incidents = syntheticIncidents(5, start, now);
    const broken = { ...incidents[2]!, created_at: '2026-01-10 10:00' };
    // Served as is: the broken row's date could not be filtered on by since/until.
    server.handle((_req, res) =>
      json(res, 200, { incidents: [...incidents.slice(0, 2), broken, ...incidents.slice(3)], more: false }),
    );
    const batches = await read(streams(start).incidents, { now });
    expect(batches.flatMap((b) => b.records.map((r) => r.id))).toHaveLength(4);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects).toEqual([
      {
        stream: 'incidents',
        sourceId: broken.id,
        reason: expect.stringMatching(/^created_at: /),
        payload: broken,
      },
    ]);
  });
});

describe('log_entries stream', () => {
  it('reads /log_entries by window with is_overview=false and sets the cursor', async () => {
    const entries = syntheticIncidents(7, start, now).map((i, n) => ({
      id: `Q${n}`,
      type: n % 2 ? 'acknowledge_log_entry' : 'acknowledgement_log_entry',
      created_at: i.created_at,
      incident: { id: i.id, type: 'incident_reference' },
      agent: { id: 'PUSER', type: 'user_reference' },
    }));
    server.handle(listHandler('log_entries', entries, 10_000));
    const batches = await read(streams(start).logEntries, { now });
    expect(batches.flatMap((b) => b.records)).toEqual(entries);
    expect(batches.at(-1)?.cursor).toBe(now.toISOString());
    expect(server.requests[0]!.path).toBe('/log_entries');
    expect(server.requests[0]!.query.get('is_overview')).toBe('false');
  });
});

describe('full-refresh streams', () => {
  it('never move the cursor', async () => {
    server.handle((_req, res) =>
      json(res, 200, { users: [{ id: 'PU', type: 'user', name: 'U' }], more: false }),
    );
    const batches = await read(streams(start).users, { now, cursor: '2026-01-01T00:00:00Z' });
    expect(batches.map((b) => b.cursor)).toEqual([null]);
    expect(batches[0]!.records.map((u) => u.id)).toEqual(['PU']);
  });

  it('teams on an account without the teams feature (402) yield nothing instead of failing', async () => {
    server.handle((_req, res) => json(res, 402, { error: { message: 'Payment Required', code: 2012 } }));
    await expect(read(streams(start).teams, { now })).resolves.toEqual([]);
  });
});

describe('oncalls stream', () => {
  const shift = (user: string, start: string, end: string, level: unknown = 1) => ({
    user: { id: user, type: 'user_reference' },
    schedule: { id: 'PSCHED1', type: 'schedule_reference' },
    escalation_policy: { id: 'PPOL1', type: 'escalation_policy_reference' },
    escalation_level: level,
    start,
    end,
  });

  it('reads the history window in ranges of at most 90 days, in UTC, never moving the cursor', async () => {
    const historyStart = new Date('2025-10-01T00:00:00Z');
    // Straddles the first window's end: both windows return it, and it must key the same both times.
    const straddling = shift('PUSER1', '2025-12-29T17:00:00Z', '2026-01-05T17:00:00Z');
    const asOffset = shift('PUSER1', '2025-12-29T09:00:00-08:00', '2026-01-05T09:00:00-08:00');
    const broken = shift('PUSER2', '2026-01-05T17:00:00Z', '2026-01-12T17:00:00Z', 'one');
    let call = 0;
    server.handle((_req, res) => {
      call += 1;
      const oncalls = call === 1 ? [straddling] : [asOffset, broken];
      json(res, 200, { oncalls, limit: 100, offset: 0, more: false, total: null });
    });
    const stream = createPagerDutyStreams(
      createPagerDutyClient({ apiUrl: server.apiUrl, token: 'tok-12345678', log: log(), baseDelayMs: 10 }),
      { startDate: historyStart },
    )[6];
    expect(stream.name).toBe('oncalls');
    const batches = await read(stream, { now, cursor: '2026-01-20T00:00:00.000Z' });

    const ranges = server.requests.map((r) => ({
      path: r.path,
      since: r.query.get('since'),
      until: r.query.get('until'),
      zone: r.query.get('time_zone'),
    }));
    expect(ranges).toEqual([
      {
        path: '/oncalls',
        since: historyStart.toISOString(),
        until: '2025-12-30T00:00:00.000Z',
        zone: 'UTC',
      },
      { path: '/oncalls', since: '2025-12-30T00:00:00.000Z', until: now.toISOString(), zone: 'UTC' },
    ]);
    expect(batches.map((b) => b.cursor)).toEqual([null, null]);
    const records = batches.flatMap((b) => b.records);
    expect(records).toHaveLength(2);
    expect(new Set(records.map((r) => stream.primaryKey(r))).size).toBe(1);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toMatch(/escalation_level/);
  });
});
