import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, TruthIncident } from '../../src/sandbox/index.ts';
import { DAY_MS, type Json, NOW, pd, startTestSandbox, walk } from './helpers.ts';

const time = (s: string | null) => (s === null ? null : Date.parse(s));
const ms = (d: Date | null) => (d === null ? null : d.getTime());

describe('the sandbox clock', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 11 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('shows an open incident resolved, its new log entries and new incidents after the clock moves', async () => {
    const before = sandbox.pagerduty.truth();
    const open = before.incidents.find((i) => i.status === 'acknowledged')!;
    const at0 = await pd(sandbox, `/incidents/${open.id}`);
    expect(at0.body.incident.status).toBe('acknowledged');
    expect(at0.body.incident.resolved_at).toBeNull();
    expect(at0.body.incident.acknowledgements.length).toBeGreaterThan(0);
    const log0 = await walk(sandbox, `/incidents/${open.id}/log_entries`, 'log_entries');
    expect(log0.items.map((e) => e.type)).not.toContain('resolve_log_entry');
    expect(log0.items.every((e) => Date.parse(e.created_at) <= NOW.getTime())).toBe(true);

    sandbox.clock.advance(30 * DAY_MS);
    expect(sandbox.clock.now().getTime()).toBe(NOW.getTime() + 30 * DAY_MS);
    const later = sandbox.pagerduty.truth();
    const resolved = later.incidents.find((i) => i.id === open.id)!;
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
    const at1 = await pd(sandbox, `/incidents/${open.id}`);
    expect(at1.body.incident).toMatchObject({ status: 'resolved', assignments: [], acknowledgements: [] });
    expect(time(at1.body.incident.resolved_at)).toBe(ms(resolved.resolvedAt));
    const log1 = await walk(sandbox, `/incidents/${open.id}/log_entries`, 'log_entries');
    expect(log1.items[0].type).toBe('resolve_log_entry');
    expect(log1.items.length).toBeGreaterThan(log0.items.length);

    expect(later.incidents.length).toBeGreaterThan(before.incidents.length);
    const newest = await pd(sandbox, '/incidents?limit=1&sort_by=created_at:desc');
    expect(Date.parse(newest.body.incidents[0].created_at)).toBeGreaterThan(NOW.getTime());
    expect(newest.body.incidents[0].id).toBe(later.incidents.at(-1)!.id);

    sandbox.clock.set(NOW);
    expect(sandbox.pagerduty.truth()).toEqual(before);
    expect((await pd(sandbox, `/incidents/${open.id}`)).body).toEqual(at0.body);
  });
});

describe('ground truth agrees with the API', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 3 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  function firstOf(entries: Json[], type: string): number | null {
    const times = entries.filter((e) => e.type === type).map((e) => Date.parse(e.created_at));
    return times.length === 0 ? null : Math.min(...times);
  }

  it('each incident: first acknowledge entry = acknowledgedAt, last resolve entry = resolvedAt', async () => {
    const truth = sandbox.pagerduty.truth();
    const listed = await walk(sandbox, '/incidents?date_range=all', 'incidents');
    const byId = new Map<string, Json>(listed.items.map((i) => [i.id, i]));
    expect(byId.size).toBe(truth.incidents.length);
    for (const incident of truth.incidents) {
      const { items } = await walk(sandbox, `/incidents/${incident.id}/log_entries`, 'log_entries');
      expect(firstOf(items, 'acknowledge_log_entry'), incident.id).toBe(ms(incident.acknowledgedAt));
      const resolves = items
        .filter((e) => e.type === 'resolve_log_entry')
        .map((e) => Date.parse(e.created_at));
      expect(resolves.length === 0 ? null : Math.max(...resolves), incident.id).toBe(ms(incident.resolvedAt));
      expect(items.filter((e) => e.type === 'escalate_log_entry')).toHaveLength(incident.escalations);
      const listedIncident = byId.get(incident.id);
      expect(listedIncident.status).toBe(incident.status);
      expect(listedIncident.service.id).toBe(incident.serviceId);
      expect(listedIncident.teams[0].id).toBe(incident.teamId);
      expect(time(listedIncident.resolved_at)).toBe(ms(incident.resolvedAt));
    }
  });

  it('renders severity through the default priority/urgency mapping', async () => {
    const { items } = await walk(sandbox, '/incidents?date_range=all', 'incidents');
    const truth = new Map<string, TruthIncident>(sandbox.pagerduty.truth().incidents.map((i) => [i.id, i]));
    const allowed: Record<string, string[]> = {
      SEV1: ['P1/high'],
      SEV2: ['P2/high'],
      SEV3: ['P3/high', 'P3/low', 'none/high'],
      SEV4: ['P4/high', 'P4/low', 'P5/high', 'P5/low', 'none/low'],
    };
    const seen = new Set<string>();
    for (const incident of items) {
      const t = truth.get(incident.id)!;
      const shown = `${incident.priority?.summary ?? 'none'}/${incident.urgency}`;
      expect(allowed[t.severity], `${t.severity} shown as ${shown}`).toContain(shown);
      expect(incident.priority?.summary ?? null).toBe(t.priority);
      seen.add(`${t.severity}:${shown}`);
    }
    expect(seen.size).toBeGreaterThanOrEqual(8);
  });

  it('covers the timelines a connector must handle', () => {
    const incidents = sandbox.pagerduty.truth().incidents;
    expect(incidents.some((i) => i.acknowledgedAt === null && i.resolvedAt !== null)).toBe(true);
    expect(incidents.some((i) => i.status === 'triggered')).toBe(true);
    expect(incidents.some((i) => i.status === 'acknowledged')).toBe(true);
    expect(incidents.some((i) => i.escalations > 0)).toBe(true);
    expect(incidents.some((i) => i.assigneeIds.length > 1)).toBe(true);
    const mtta = incidents.flatMap((i) =>
      i.acknowledgedAt ? [i.acknowledgedAt.getTime() - i.createdAt.getTime()] : [],
    );
    mtta.sort((a, b) => a - b);
    expect(mtta[Math.floor(mtta.length / 2)]!).toBeLessThan(30 * 60_000);
    expect(mtta.at(-1)!).toBeGreaterThan(60 * 60_000);
  });
});
