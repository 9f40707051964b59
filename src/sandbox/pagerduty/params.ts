import { DAY, isValidTimeZone, parseIsoInput } from '../time.ts';
import { invalidInput } from './errors.ts';
import { ACCOUNT_TIME_ZONE } from './model.ts';

/**
 * Query parameters the PagerDuty way: arrays as `statuses[]=a&statuses[]=b` (the bare `statuses=a` form is
 * read too), booleans as `true`/`false`, dates as ISO 8601 read in the account's zone when they carry no
 * offset. Invalid values throw a 400 ArgumentError.
 */

export function arrayParam(query: URLSearchParams, name: string): string[] {
  const values = [...query.getAll(`${name}[]`), ...query.getAll(name)];
  return values.flatMap((v) => v.split(',')).filter((v) => v !== '');
}

export function enumArray<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T[] {
  const values = arrayParam(query, name);
  for (const v of values) {
    if (!allowed.includes(v as T))
      throw invalidInput(`${name} must be a list of ${allowed.join(', ')}; got '${v}'.`);
  }
  return values as T[];
}

export function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalidInput(`${name} must be true or false.`);
}

/** The zone naive dates are read in: `time_zone` when given, otherwise the account's. */
export function requestZone(query: URLSearchParams): string {
  const zone = query.get('time_zone');
  if (zone === null || zone === '') return ACCOUNT_TIME_ZONE;
  if (!isValidTimeZone(zone)) throw invalidInput(`time_zone '${zone}' is not a valid time zone.`);
  return zone;
}

export function dateParam(query: URLSearchParams, name: string, zone: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  const parsed = parseIsoInput(raw, zone);
  if (!parsed.ok) throw invalidInput(`${name} is invalid: ${parsed.reason}.`);
  return parsed.ms;
}

export interface TimeWindow {
  since: number;
  until: number;
}

export interface WindowRules {
  /** Range used when neither bound is given. */
  defaultSpanMs: number;
  /** Largest allowed until - since, as a calendar-month count or milliseconds. */
  maxMonths?: number;
  maxSpanMs?: number;
  label: string;
}

export const INCIDENT_WINDOW: WindowRules = { defaultSpanMs: 30 * DAY, maxMonths: 6, label: '6 months' };

/**
 * `since`/`until` with PagerDuty's defaults: until defaults to now, since to until minus the default span;
 * since must precede until and the range may not exceed the maximum.
 */
export function timeWindow(
  query: URLSearchParams,
  now: number,
  rules: WindowRules,
  addMonths: (ms: number, n: number) => number,
): TimeWindow {
  const zone = requestZone(query);
  const since = dateParam(query, 'since', zone);
  const until = dateParam(query, 'until', zone);
  const end = until ?? (since === null ? now : Math.max(now, since));
  const start = since ?? end - rules.defaultSpanMs;
  if (start > end) throw invalidInput('since must be before until.');
  const tooLong =
    (rules.maxMonths !== undefined && end > addMonths(start, rules.maxMonths)) ||
    (rules.maxSpanMs !== undefined && end - start > rules.maxSpanMs);
  if (tooLong) throw invalidInput(`The maximum range between since and until is ${rules.label}.`);
  return { since: start, until: end };
}
