import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { pd, startTestSandbox } from './helpers.ts';

const PATHS = [
  '/incidents?date_range=all&limit=100&offset=200',
  '/incidents?statuses[]=acknowledged&date_range=all',
  '/log_entries?limit=100',
  '/users?limit=100',
  '/services',
  '/escalation_policies',
  '/oncalls?since=2026-09-01T00:00:00Z&until=2026-10-01T00:00:00Z',
];

describe('determinism', () => {
  let a: Sandbox;
  let b: Sandbox;
  let other: Sandbox;
  beforeAll(async () => {
    [a, b, other] = await Promise.all([
      startTestSandbox({ seed: 5 }),
      startTestSandbox({ seed: 5 }),
      startTestSandbox({ seed: 6 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it('answers byte-identically for the same seed and clock', async () => {
    for (const path of PATHS) {
      const [x, y] = await Promise.all([pd(a, path), pd(b, path)]);
      expect(x.status, path).toBe(200);
      expect(x.text, path).toBe(y.text);
    }
    const id = (await pd(a, '/incidents?limit=1')).body.incidents[0].id;
    expect((await pd(a, `/incidents/${id}/log_entries`)).text).toBe(
      (await pd(b, `/incidents/${id}/log_entries`)).text,
    );
    expect(a.pagerduty.truth()).toEqual(b.pagerduty.truth());
  });

  it('generates a different organisation for another seed', async () => {
    const [x, y] = await Promise.all([
      pd(a, '/incidents?date_range=all'),
      pd(other, '/incidents?date_range=all'),
    ]);
    expect(x.text).not.toBe(y.text);
  });

  it('uses PagerDuty-style ids: P + 6 upper-case alphanumerics, numbers sequential', async () => {
    const truth = a.pagerduty.truth();
    const ids = [
      ...truth.incidents.map((i) => i.id),
      ...truth.users.map((u) => u.id),
      ...truth.services.map((s) => s.id),
    ];
    expect(ids.every((id) => /^P[0-9A-Z]{6}$/.test(id))).toBe(true);
    expect(new Set(truth.incidents.map((i) => i.id)).size).toBe(truth.incidents.length);
    expect(truth.incidents.map((i) => i.number)).toEqual(truth.incidents.map((_, k) => k + 1));
  });
});
