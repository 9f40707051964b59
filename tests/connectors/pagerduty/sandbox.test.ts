import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPagerDutyClient, type PagerDutyClient } from '../../../connectors/pagerduty/client.ts';
import {
  createPagerDutyStreams,
  type Incident,
  type LogEntry,
  type PagerDutyStreams,
} from '../../../connectors/pagerduty/index.ts';
import type { RejectedRecord, Stream, StreamContext } from '../../../connectors/stream.ts';
import { AuthError } from '../../../src/errors/index.ts';
import { silentLogger } from '../../../src/logger.ts';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.ts';

/** Integration: the connector against the sandbox over real HTTP. */

const now = new Date('2026-10-15T12:00:00Z');
const DAY = 86_400_000;
const incidentsRoute = '/incidents';
const logEntriesRoute = '/log_entries';

interface ReadResult<T> {
  records: T[];
  rejects: RejectedRecord[];
  cursors: string[];
  batches: number;
}

async function readAll<T>(
  stream: Stream<T>,
  ctx: Partial<StreamContext> & { now: Date },
): Promise<ReadResult<T>> {
  const out: ReadResult<T> = { records: [], rejects: [], cursors: [], batches: 0 };
  for await (const batch of stream.read({ cursor: null, log: silentLogger, ...ctx })) {
    out.batches += 1;
    out.records.push(...batch.records);
    out.rejects.push(...batch.rejects);
    if (batch.cursor !== null) out.cursors.push(batch.cursor);
  }
  return out;
}

/** Last copy of each key wins, as the loader's upsert does. */
function byKey<T>(stream: Stream<T>, records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [stream.primaryKey(r), r]));
}

const sorted = (values: Iterable<string>) => [...values].sort();

function connect(sandbox: Sandbox, extra: { token?: string; paginationCap?: number } = {}): PagerDutyClient {
  return createPagerDutyClient({
    apiUrl: sandbox.pagerduty.apiUrl,
    token: extra.token ?? sandbox.pagerduty.token,
    log: silentLogger,
    baseDelayMs: 20,
    paginationCap: extra.paginationCap,
  });
}

/** A start date before the sandbox's first incident. */
function historyStart(sandbox: Sandbox): Date {
  const first = Math.min(...sandbox.pagerduty.truth().incidents.map((i) => i.createdAt.getTime()));
  return new Date(first - DAY);
}

function named(streams: PagerDutyStreams) {
  const [teams, users, escalationPolicies, services, incidents, logEntries] = streams;
  return { teams, users, escalationPolicies, services, incidents, logEntries };
}

const isAck = (e: LogEntry) => e.type === 'acknowledge_log_entry' || e.type === 'acknowledgement_log_entry';

describe('PagerDuty connector against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, scale: 'small', now, rateLimitPerMinute: null });
  });
  afterAll(() => sandbox?.close());

  it('a full read returns exactly the truth: directory, incidents, and their timelines in log entries', async () => {
    const truth = sandbox.pagerduty.truth();
    const s = named(createPagerDutyStreams(connect(sandbox), { startDate: historyStart(sandbox) }));
    const ctx = { now: sandbox.clock.now() };

    const teams = await readAll(s.teams, ctx);
    const users = await readAll(s.users, ctx);
    const policies = await readAll(s.escalationPolicies, ctx);
    const services = await readAll(s.services, ctx);
    expect(sorted(byKey(s.teams, teams.records).keys())).toEqual(sorted(truth.teams.map((t) => t.id)));
    expect(sorted(byKey(s.users, users.records).keys())).toEqual(sorted(truth.users.map((u) => u.id)));
    expect(sorted(byKey(s.services, services.records).keys())).toEqual(
      sorted(truth.services.map((x) => x.id)),
    );
    expect(policies.records.length).toBeGreaterThan(0);
    for (const r of [teams, users, policies, services]) {
      expect(r.rejects).toEqual([]);
      expect(r.cursors).toEqual([]);
    }

    const incidents = await readAll(s.incidents, ctx);
    expect(incidents.rejects).toEqual([]);
    const got = byKey(s.incidents, incidents.records);
    expect(sorted(got.keys())).toEqual(sorted(truth.incidents.map((i) => i.id)));
    for (const t of truth.incidents) {
      const incident = got.get(t.id)!;
      expect(incident.incident_number).toBe(t.number);
      expect(incident.status).toBe(t.status);
      expect(Date.parse(incident.created_at)).toBe(t.createdAt.getTime());
    }
    expect(incidents.cursors.at(-1)).toBe(ctx.now.toISOString());

    const entries = await readAll(s.logEntries, ctx);
    expect(entries.rejects).toEqual([]);
    const entriesOf = new Map<string, LogEntry[]>();
    for (const e of byKey(s.logEntries, entries.records).values()) {
      entriesOf.set(e.incident.id, [...(entriesOf.get(e.incident.id) ?? []), e]);
    }
    for (const t of truth.incidents) {
      const mine = entriesOf.get(t.id) ?? [];
      expect(mine.some((e) => e.type === 'trigger_log_entry')).toBe(true);
      const acks = mine.filter(isAck).map((e) => Date.parse(e.created_at));
      expect(acks.length > 0 ? Math.min(...acks) : null).toBe(t.acknowledgedAt?.getTime() ?? null);
      const resolves = mine
        .filter((e) => e.type === 'resolve_log_entry')
        .map((e) => Date.parse(e.created_at));
      expect(resolves.length > 0 ? Math.max(...resolves) : null).toBe(t.resolvedAt?.getTime() ?? null);
    }
    expect(entries.cursors.at(-1)).toBe(ctx.now.toISOString());
  });

  it('a 401 raises an AuthError naming PAGERDUTY_TOKEN, without the token', async () => {
    const wrong = 'wrong-token-0123456789abcdef';
    const s = named(
      createPagerDutyStreams(connect(sandbox, { token: wrong }), { startDate: historyStart(sandbox) }),
    );
    const error = await readAll(s.incidents, { now: sandbox.clock.now() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as AuthError).message;
    expect(message).toContain('PAGERDUTY_TOKEN');
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(sandbox.pagerduty.token);
  });
});

describe('PagerDuty connector against a sandbox capped at offset+limit 200', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 12,
      scale: 'small',
      now,
      rateLimitPerMinute: null,
      paginationCap: 200,
    });
  });
  afterAll(() => sandbox?.close());

  it('incidents and log entries still read everything, by splitting windows', async () => {
    const truth = sandbox.pagerduty.truth();
    expect(truth.incidents.length).toBeGreaterThan(200); // or the cap proves nothing
    // The client is not told about the cap: it learns it from the 400 / code 2002 answer.
    const s = named(createPagerDutyStreams(connect(sandbox), { startDate: historyStart(sandbox) }));
    const ctx = { now: sandbox.clock.now() };
    const incidents = await readAll(s.incidents, ctx);
    expect(incidents.rejects).toEqual([]);
    expect(sorted(byKey(s.incidents, incidents.records).keys())).toEqual(
      sorted(truth.incidents.map((i) => i.id)),
    );
    expect(incidents.cursors.at(-1)).toBe(ctx.now.toISOString());

    const entries = await readAll(s.logEntries, ctx);
    expect(entries.rejects).toEqual([]);
    const withEntries = new Set([...byKey(s.logEntries, entries.records).values()].map((e) => e.incident.id));
    expect(sorted(withEntries)).toEqual(sorted(truth.incidents.map((i) => i.id)));
    const resolves = entries.records.filter((e) => e.type === 'resolve_log_entry').map((e) => e.incident.id);
    expect(sorted(new Set(resolves))).toEqual(
      sorted(truth.incidents.filter((i) => i.resolvedAt).map((i) => i.id)),
    );
  });
});

describe('PagerDuty connector: incremental reads', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 13, scale: 'small', now, rateLimitPerMinute: null });
  });
  afterAll(() => sandbox?.close());

  it('a read from the cursor returns newer incidents and the later acknowledgement/resolution of open ones', async () => {
    const client = connect(sandbox);
    const s = named(createPagerDutyStreams(client, { startDate: historyStart(sandbox) }));
    const firstNow = sandbox.clock.now();
    const first = {
      incidents: await readAll(s.incidents, { now: firstNow }),
      entries: await readAll(s.logEntries, { now: firstNow }),
    };
    const openAtFirst = [...byKey(s.incidents, first.incidents.records).values()].filter(
      (i) => i.status !== 'resolved',
    );
    const knownIds = new Set(first.incidents.records.map((i) => i.id));
    expect(openAtFirst.length).toBeGreaterThan(0);

    sandbox.clock.advance(3 * DAY);
    const secondNow = sandbox.clock.now();
    const truth = sandbox.pagerduty.truth();
    const newer = truth.incidents.filter((i) => !knownIds.has(i.id));
    const closedSince = truth.incidents.filter(
      (i) => openAtFirst.some((o) => o.id === i.id) && i.status === 'resolved',
    );
    expect(newer.length).toBeGreaterThan(0);
    expect(closedSince.length).toBeGreaterThan(0);

    const before = client.requestCount();
    const incidents = await readAll(s.incidents, {
      now: secondNow,
      cursor: first.incidents.cursors.at(-1)!,
      refreshIds: openAtFirst.map((i) => i.id),
    });
    const entries = await readAll(s.logEntries, { now: secondNow, cursor: first.entries.cursors.at(-1)! });
    const got = byKey(s.incidents, incidents.records);

    // Newer incidents, and not the whole history again.
    for (const n of newer) expect(got.has(n.id)).toBe(true);
    expect(got.size).toBeLessThan(knownIds.size);
    expect(client.requestCount() - before).toBeLessThan(first.incidents.batches + first.entries.batches);

    // The incident row itself is brought up to date (re-polled by id)...
    for (const c of closedSince) {
      expect(got.get(c.id)?.status).toBe('resolved');
      expect(Date.parse(got.get(c.id)!.resolved_at!)).toBe(c.resolvedAt!.getTime());
    }
    // ...and the log entries carry the acknowledgement and resolution that happened after the first read.
    for (const c of closedSince) {
      const mine = entries.records.filter((e) => e.incident.id === c.id);
      expect(
        mine.some(
          (e) => e.type === 'resolve_log_entry' && Date.parse(e.created_at) === c.resolvedAt!.getTime(),
        ),
      ).toBe(true);
      if (c.acknowledgedAt && c.acknowledgedAt > firstNow) {
        expect(mine.some((e) => isAck(e) && Date.parse(e.created_at) === c.acknowledgedAt!.getTime())).toBe(
          true,
        );
      }
    }
    expect(incidents.cursors.at(-1)).toBe(secondNow.toISOString());
    expect(entries.cursors.at(-1)).toBe(secondNow.toISOString());
  });
});

describe('PagerDuty connector: faults', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 14, scale: 'small', now, rateLimitPerMinute: null });
  });
  afterAll(() => sandbox?.close());

  it('429 (ratelimit-reset: 1) and 500 are retried and the read completes', async () => {
    sandbox.faults.clear();
    const truth = sandbox.pagerduty.truth();
    const s = named(createPagerDutyStreams(connect(sandbox), { startDate: historyStart(sandbox) }));
    sandbox.faults.inject({
      route: incidentsRoute,
      status: 429,
      times: 2,
      headers: { 'ratelimit-reset': '1' },
      body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
    });
    sandbox.faults.inject({ route: logEntriesRoute, status: 500, times: 2 });
    sandbox.stats.reset();
    const started = Date.now();
    const incidents = await readAll(s.incidents, { now: sandbox.clock.now() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // waited the 1 s PagerDuty asked for, twice
    const entries = await readAll(s.logEntries, { now: sandbox.clock.now() });
    expect(sorted(byKey(s.incidents, incidents.records).keys())).toEqual(
      sorted(truth.incidents.map((i) => i.id)),
    );
    const withEntries = new Set(entries.records.map((e) => e.incident.id));
    expect(sorted(withEntries)).toEqual(sorted(truth.incidents.map((i) => i.id)));
  });

  it('a corrupt record lands in rejects while the rest of its page is yielded', async () => {
    sandbox.faults.clear();
    const truth = sandbox.pagerduty.truth();
    const s = named(createPagerDutyStreams(connect(sandbox), { startDate: historyStart(sandbox) }));
    sandbox.faults.inject({ route: incidentsRoute, corruptRecord: true, times: 1 });
    const incidents = await readAll<Incident>(s.incidents, { now: sandbox.clock.now() });
    expect(incidents.rejects).toHaveLength(1);
    const reject = incidents.rejects[0]!;
    expect(reject.stream).toBe('incidents');
    expect(reject.reason).toMatch(/^[a-z_.[\]0-9]+: /);
    expect(reject.payload).toBeTypeOf('object');
    const ids = new Set(byKey(s.incidents, incidents.records).keys());
    // Everything else was read: the corrupt one is the only incident missing (unless re-read in an overlap).
    const missing = truth.incidents.filter((i) => !ids.has(i.id));
    expect(missing.length).toBeLessThanOrEqual(1);
    if (missing.length === 1 && reject.sourceId !== null) expect(reject.sourceId).toBe(missing[0]!.id);
    expect(ids.size).toBeGreaterThanOrEqual(truth.incidents.length - 1);
  });
});
