import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { DAY_MS, iso, NOW, pd, startTestSandbox, walk } from './helpers.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** Wall-clock text of an instant in a zone, without offset: what a connector sends when it forgets the `Z`. */
function naive(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

describe('/incidents date windows', () => {
  it('defaults to the last 30 days when since/until are absent', async () => {
    const { items } = await walk(sandbox, '/incidents', 'incidents');
    const expected = sandbox.pagerduty
      .truth()
      .incidents.filter((i) => i.createdAt.getTime() >= NOW.getTime() - 30 * DAY_MS);
    expect(items.map((i) => i.id)).toEqual(expected.map((i) => i.id));
  });

  it('answers 400 ArgumentError when since..until spans more than 6 months', async () => {
    const sixMonths = await pd(sandbox, '/incidents?since=2026-04-15T12:00:00Z&until=2026-10-15T12:00:00Z');
    expect(sixMonths.status).toBe(200);
    for (const path of ['/incidents', '/log_entries']) {
      const tooLong = await pd(sandbox, `${path}?since=2026-04-15T11:59:59Z&until=2026-10-15T12:00:00Z`);
      expect(tooLong.status, path).toBe(400);
      expect(tooLong.body.error).toEqual({
        message: 'Invalid Input Provided',
        code: 2001,
        errors: ['The maximum range between since and until is 6 months.'],
      });
    }
    const sinceOnly = await pd(sandbox, '/incidents?since=2025-01-01T00:00:00Z');
    expect(sinceOnly.status).toBe(400);
  });

  it('reads a since/until without offset in the account zone (America/Los_Angeles)', async () => {
    const incident = sandbox.pagerduty.truth().incidents[100]!;
    const t = incident.createdAt.getTime();
    const inAccountZone = await pd(
      sandbox,
      `/incidents?since=${naive(t, 'America/Los_Angeles')}&until=${naive(t + 1000, 'America/Los_Angeles')}`,
    );
    expect(inAccountZone.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);
    const forgotZ = await pd(sandbox, `/incidents?since=${naive(t, 'UTC')}&until=${naive(t + 1000, 'UTC')}`);
    expect(forgotZ.body.incidents.map((i: { id: string }) => i.id)).not.toContain(incident.id);
    const withZ = await pd(sandbox, `/incidents?since=${iso(t)}&until=${iso(t + 1000)}`);
    expect(withZ.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);
    const withZone = await pd(
      sandbox,
      `/incidents?time_zone=UTC&since=${naive(t, 'UTC')}&until=${naive(t + 1000, 'UTC')}`,
    );
    expect(withZone.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);
  });

  it('rejects invalid dates, and a bare "+" offset that arrived as a space', async () => {
    for (const since of ['yesterday', '2026-02-30T00:00:00Z', '2026-10-01T00:00:00 02:00']) {
      const answer = await pd(sandbox, `/incidents?since=${since}`);
      expect(answer.status, since).toBe(400);
      expect(answer.body.error.message).toBe('Invalid Input Provided');
      expect(answer.body.error.errors[0]).toMatch(/^since is invalid/);
    }
    expect((await pd(sandbox, '/incidents?since=2026-10-01T00:00:00%2B02:00')).status).toBe(200);
  });
});

describe('/incidents filters and order', () => {
  it('filters by statuses[], urgencies[], service_ids[] and team_ids[] as of the clock', async () => {
    const truth = sandbox.pagerduty.truth();
    const open = await walk(
      sandbox,
      '/incidents?date_range=all&statuses[]=triggered&statuses[]=acknowledged',
      'incidents',
    );
    expect(open.items.map((i) => i.id)).toEqual(
      truth.incidents.filter((i) => i.status !== 'resolved').map((i) => i.id),
    );
    const team = truth.teams[1]!;
    const byTeam = await walk(
      sandbox,
      `/incidents?date_range=all&team_ids[]=${team.id}&urgencies[]=low`,
      'incidents',
    );
    expect(byTeam.items.map((i) => i.id)).toEqual(
      truth.incidents.filter((i) => i.teamId === team.id && i.urgency === 'low').map((i) => i.id),
    );
    const service = truth.services[0]!;
    const byService = await walk(
      sandbox,
      `/incidents?date_range=all&service_ids[]=${service.id}`,
      'incidents',
    );
    expect(byService.items.every((i) => i.service.id === service.id)).toBe(true);
    expect(byService.items.length).toBe(truth.incidents.filter((i) => i.serviceId === service.id).length);
    const bad = await pd(sandbox, '/incidents?statuses[]=closed');
    expect(bad.status).toBe(400);
  });

  it('sorts by created_at ascending by default, descending on request', async () => {
    const asc = await pd(sandbox, '/incidents?date_range=all&limit=3');
    const desc = await pd(sandbox, '/incidents?date_range=all&limit=3&sort_by=created_at:desc');
    const truth = sandbox.pagerduty.truth().incidents;
    expect(asc.body.incidents.map((i: { id: string }) => i.id)).toEqual(truth.slice(0, 3).map((i) => i.id));
    expect(desc.body.incidents.map((i: { id: string }) => i.id)).toEqual(
      truth
        .slice(-3)
        .reverse()
        .map((i) => i.id),
    );
    const byNumber = await pd(sandbox, '/incidents?date_range=all&limit=3&sort_by=incident_number:desc');
    expect(byNumber.body.incidents).toEqual(desc.body.incidents);
  });
});

describe('other endpoints', () => {
  it('answers 404 with PagerDuty bodies for unknown paths and ids', async () => {
    const unknownId = await pd(sandbox, '/incidents/PNOPE42');
    expect(unknownId.status).toBe(404);
    expect(unknownId.body).toEqual({ error: { message: 'Not Found', code: 2100 } });
    expect((await pd(sandbox, '/incidents/PNOPE42/log_entries')).status).toBe(404);
    expect((await pd(sandbox, '/nothing/here')).status).toBe(404);
    const outside = await fetch(`${sandbox.url}/no-such-vendor/rest/api/3/myself`);
    expect(outside.status).toBe(404);
  });

  it('accepts plain JSON as Accept header too', async () => {
    const answer = await pd(sandbox, '/priorities', { headers: { Accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.body.priorities.map((p: { name: string }) => p.name)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
    ]);
  });

  it('answers log entries of one incident newest first, with is_overview and include[]=incidents', async () => {
    const incident = sandbox.pagerduty
      .truth()
      .incidents.find((i) => i.escalations > 0 && i.status === 'resolved')!;
    const all = await pd(sandbox, `/incidents/${incident.id}/log_entries`);
    const types = all.body.log_entries.map((e: { type: string }) => e.type);
    expect(types.at(-1)).toBe('trigger_log_entry');
    expect(types[0]).toBe('resolve_log_entry');
    expect(types).toContain('notify_log_entry');
    const overview = await pd(
      sandbox,
      `/incidents/${incident.id}/log_entries?is_overview=true&include[]=incidents`,
    );
    expect(overview.body.log_entries.map((e: { type: string }) => e.type)).not.toContain('notify_log_entry');
    expect(overview.body.log_entries[0].incident.type).toBe('incident');
    expect(overview.body.log_entries[0].incident.id).toBe(incident.id);
  });

  it('answers who is on call now for every policy level, and contact methods on request', async () => {
    const truth = sandbox.pagerduty.truth();
    const oncalls = await walk(sandbox, '/oncalls', 'oncalls');
    const policies = await pd(sandbox, '/escalation_policies');
    expect(oncalls.items).toHaveLength(policies.body.escalation_policies.length * 3);
    for (const o of oncalls.items) {
      expect(Date.parse(o.start)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(o.end)).toBeGreaterThan(NOW.getTime());
    }
    const users = await pd(sandbox, '/users?include[]=contact_methods&limit=100');
    expect(users.body.users).toHaveLength(truth.users.length);
    expect(users.body.users[0].contact_methods[0]).toMatchObject({
      type: 'email_contact_method',
      address: truth.users[0]!.email,
    });
    expect(new Set(truth.users.map((u) => u.timeZone)).size).toBeGreaterThanOrEqual(4);
    const tooLong = await pd(sandbox, '/oncalls?since=2026-01-01T00:00:00Z&until=2026-06-01T00:00:00Z');
    expect(tooLong.status).toBe(400);
  });
});
