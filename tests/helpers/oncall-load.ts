import { TZDate } from '@date-fns/tz';
import { format, startOfISOWeek } from 'date-fns';
import type { PagerDutyTruth, TruthPage } from '../../src/sandbox/pagerduty/truth.ts';

/** The on-call settings a test computes with (the product's defaults unless a test changes them). */
export interface LoadRules {
  windowSeconds: number;
  weeklyLimit: number;
  sleepLimit: number;
  business: { start: number; end: number };
  sleep: { start: number; end: number };
  /** Reporting time zone: weeks are cut in it. */
  reportingZone: string;
}

export const defaultRules: LoadRules = {
  windowSeconds: 60,
  weeklyLimit: 15,
  sleepLimit: 2,
  business: { start: 8, end: 18 },
  sleep: { start: 22, end: 8 },
  reportingZone: 'UTC',
};

export type ExpectedWeek = {
  person_key: string;
  week_start: string;
  pages: number;
  interruptions: number;
  incidents: number;
  business_hours_interruptions: number;
  off_hours_interruptions: number;
  sleep_hours_interruptions: number;
  burnout: boolean;
  burnout_reason: string | null;
};

type Band = 'business' | 'off' | 'sleep';

/** The hours band of an instant in a person's own zone, written from metrics.md independently of the SQL. */
export function bandOf(at: Date, zone: string, rules: LoadRules): Band {
  const local = new TZDate(at, zone);
  const hour = local.getHours();
  const { start, end } = rules.sleep;
  const asleep = start > end ? hour >= start || hour < end : hour >= start && hour < end;
  if (asleep) return 'sleep';
  const day = local.getDay();
  if (day === 0 || day === 6) return 'off';
  return hour >= rules.business.start && hour < rules.business.end ? 'business' : 'off';
}

const weekOf = (at: Date, zone: string) => format(startOfISOWeek(new TZDate(at, zone)), 'yyyy-MM-dd');

function emptyWeek(person: string, week: string): ExpectedWeek & { incidentIds: Set<string> } {
  return {
    person_key: person,
    week_start: week,
    pages: 0,
    interruptions: 0,
    incidents: 0,
    business_hours_interruptions: 0,
    off_hours_interruptions: 0,
    sleep_hours_interruptions: 0,
    burnout: false,
    burnout_reason: null,
    incidentIds: new Set(),
  };
}

/** Each person's pages in time order. */
function pagesByUser(pages: TruthPage[]): Map<string, TruthPage[]> {
  const byUser = new Map<string, TruthPage[]>();
  for (const page of pages) byUser.set(page.userId, [...(byUser.get(page.userId) ?? []), page]);
  for (const list of byUser.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return byUser;
}

/** metric_oncall_load as the generator's truth says it must be, keyed `person|week`. */
export function expectedLoad(
  truth: PagerDutyTruth,
  rules: LoadRules = defaultRules,
): Map<string, ExpectedWeek> {
  const zoneOf = new Map(truth.users.map((u) => [u.id, u.timeZone]));
  const weeks = new Map<string, ReturnType<typeof emptyWeek>>();
  for (const [userId, pages] of pagesByUser(truth.pages)) {
    const person = `pagerduty:${userId}`;
    let previous: number | null = null;
    for (const page of pages) {
      const at = page.at.getTime();
      const week = weekOf(page.at, rules.reportingZone);
      const key = `${person}|${week}`;
      const row = weeks.get(key) ?? emptyWeek(person, week);
      weeks.set(key, row);
      row.pages += 1;
      row.incidentIds.add(page.incidentId);
      // A page more than the window after the person's previous page starts a new interruption.
      if (previous === null || at - previous > rules.windowSeconds * 1000) {
        row.interruptions += 1;
        const band = bandOf(page.at, zoneOf.get(userId) ?? rules.reportingZone, rules);
        if (band === 'business') row.business_hours_interruptions += 1;
        else if (band === 'off') row.off_hours_interruptions += 1;
        else row.sleep_hours_interruptions += 1;
      }
      previous = at;
    }
  }
  const out = new Map<string, ExpectedWeek>();
  for (const [key, { incidentIds, ...row }] of weeks) {
    const overWeekly = row.interruptions > rules.weeklyLimit;
    const overSleep = row.sleep_hours_interruptions >= rules.sleepLimit;
    const reasons = [overWeekly && 'weekly_interruptions', overSleep && 'sleep_interruptions'].filter(
      Boolean,
    );
    out.set(key, {
      ...row,
      incidents: incidentIds.size,
      burnout: overWeekly || overSleep,
      burnout_reason: reasons.length > 0 ? reasons.join(',') : null,
    });
  }
  return out;
}
