import { describe, expect, it } from 'vitest';
import { logEntryId, pdId } from '../../src/sandbox/ids.ts';
import { generatePagerDutyWorld } from '../../src/sandbox/pagerduty/generator/index.ts';
import { Channel, EntryType } from '../../src/sandbox/pagerduty/model.ts';
import { FixedWindowLimiter } from '../../src/sandbox/rate-limit.ts';
import { addMonthsUtc, isoInZone, parseIsoInput } from '../../src/sandbox/time.ts';
import { NOW } from './helpers.ts';

describe('time helpers', () => {
  it('reads naive times in the given zone, across daylight saving time', () => {
    const winter = parseIsoInput('2026-01-15T09:00:00', 'America/Los_Angeles');
    const summer = parseIsoInput('2026-07-15T09:00', 'America/Los_Angeles');
    expect(winter).toEqual({ ok: true, ms: Date.parse('2026-01-15T17:00:00Z'), hadOffset: false });
    expect(summer).toEqual({ ok: true, ms: Date.parse('2026-07-15T16:00:00Z'), hadOffset: false });
    expect(parseIsoInput('2026-07-15', 'UTC')).toMatchObject({ ms: Date.parse('2026-07-15T00:00:00Z') });
    expect(parseIsoInput('2026-07-15T09:00:00+0530', 'UTC')).toMatchObject({
      ms: Date.parse('2026-07-15T03:30:00Z'),
    });
    expect(parseIsoInput('2026-13-01T00:00:00Z', 'UTC').ok).toBe(false);
  });

  it('renders offsets and adds calendar months in UTC', () => {
    expect(isoInZone(Date.parse('2026-01-15T17:00:00Z'), 'America/Los_Angeles')).toBe(
      '2026-01-15T09:00:00-08:00',
    );
    expect(isoInZone(Date.parse('2026-07-15T03:30:00Z'), 'Asia/Kolkata')).toBe('2026-07-15T09:00:00+05:30');
    expect(new Date(addMonthsUtc(Date.parse('2026-08-31T10:00:00Z'), 6)).toISOString()).toBe(
      '2027-02-28T10:00:00.000Z',
    );
  });
});

describe('identifiers', () => {
  it('are unique per namespace and shaped like PagerDuty ids', () => {
    const incidents = new Set<string>();
    const entries = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      incidents.add(pdId(12345, i));
      entries.add(logEntryId(999, i));
    }
    expect(incidents.size).toBe(200_000);
    expect(entries.size).toBe(200_000);
    expect([...incidents].every((id) => /^P[0-9A-Z]{6}$/.test(id))).toBe(true);
    expect([...entries].every((id) => /^Q[0-9A-Z]{13}$/.test(id))).toBe(true);
  });
});

describe('rate limiter', () => {
  it('uses a fixed one-minute window on real time', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter(2, () => now);
    expect(limiter.consume('k').allowed).toBe(true);
    expect(limiter.consume('k')).toMatchObject({ allowed: true, remaining: 0 });
    now = 45_000;
    expect(limiter.consume('k')).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 15 });
    expect(limiter.consume('other').allowed).toBe(true);
    now = 60_000;
    expect(limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe('generated timelines', () => {
  const world = generatePagerDutyWorld(42, { incidents: 3000, days: 180 }, NOW.getTime());
  const store = world.incidents;

  it('contain every entry kind, every notification medium and both kinds of unattended resolution', () => {
    const types = new Set(store.entryType);
    expect([...types].sort()).toEqual(Object.values(EntryType).sort());
    const media = new Set<number>();
    const resolveChannels = new Set<number>();
    let reassignedByUser = 0;
    for (let e = 0; e < store.entryType.length; e++) {
      if (store.entryType[e] === EntryType.notify) media.add(store.entryChannel[e]!);
      if (store.entryType[e] === EntryType.resolve && store.entryAgent[e] === -1)
        resolveChannels.add(store.entryChannel[e]!);
      if (store.entryType[e] === EntryType.assign && store.entryAgent[e] !== -1) reassignedByUser++;
    }
    expect(media).toEqual(new Set([Channel.sms, Channel.phone, Channel.email, Channel.push]));
    expect(resolveChannels).toEqual(new Set([Channel.api, Channel.timeout]));
    expect(reassignedByUser).toBeGreaterThan(0);
  });

  it('keeps incidents in creation order with whole-second, time-ordered entries, ~9 per incident', () => {
    const problems: string[] = [];
    for (let i = 0; i < store.count; i++) {
      if (i > 0 && store.createdAt[i]! <= store.createdAt[i - 1]!)
        problems.push(`incident ${i} not after ${i - 1}`);
      const start = store.entryStart[i]!;
      if (store.entryType[start] !== EntryType.trigger || store.entryAt[start] !== store.createdAt[i]) {
        problems.push(`incident ${i} does not start with its trigger`);
      }
      for (let e = start + 1; e < store.entryStart[i + 1]!; e++) {
        if (store.entryAt[e]! < store.entryAt[e - 1]!) problems.push(`entry ${e} before its predecessor`);
      }
    }
    for (let k = 1; k < store.entriesByTime.length; k++) {
      if (store.entryAt[store.entriesByTime[k]!]! < store.entryAt[store.entriesByTime[k - 1]!]!)
        problems.push(`index ${k}`);
    }
    expect(problems).toEqual([]);
    expect(store.entryAt.every((t) => t % 1000 === 0)).toBe(true);
    const perIncident = store.entryType.length / store.count;
    expect(perIncident).toBeGreaterThan(6);
    expect(perIncident).toBeLessThan(14);
  });
});
