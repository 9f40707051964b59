/**
 * Time helpers without a dependency on the process time zone: the sandbox must answer the same on a laptop in
 * Berlin and on a CI runner in UTC.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `2015-10-06T21:30:42Z`: PagerDuty renders incident and log-entry times in UTC without fractions. */
export function isoUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes to add to UTC to get local wall time in `zone` at instant `ms` (e.g. -420 for PDT). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(ms / SECOND) * SECOND) / MINUTE);
}

/** `2015-11-06T11:12:51-05:00`: how PagerDuty renders service and on-call times in the account zone. */
export function isoInZone(ms: number, zone: string): string {
  const offset = zoneOffsetMinutes(zone, ms);
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 19);
  if (offset === 0 && zone === 'UTC') return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The UTC instant at which the wall clock in `zone` shows the given local time. */
export function localTimeToUtc(wallClockAsUtcMs: number, zone: string): number {
  const first = wallClockAsUtcMs - zoneOffsetMinutes(zone, wallClockAsUtcMs) * MINUTE;
  return wallClockAsUtcMs - zoneOffsetMinutes(zone, first) * MINUTE;
}

const ISO_INPUT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type ParsedTime = { ok: true; ms: number; hadOffset: boolean } | { ok: false; reason: string };

/**
 * Reads an ISO 8601 `since`/`until` the way PagerDuty does: with `Z` or an offset it is exact; without one it
 * is wall-clock time in `zone` (the account's zone unless `time_zone` is given). A connector that forgets the
 * `Z` therefore gets a window shifted by the account's offset, as it would against the real API.
 */
export function parseIsoInput(text: string, zone: string): ParsedTime {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? \d{2}:?\d{2}$/.test(trimmed)) {
    return {
      ok: false,
      reason: 'a "+" in the offset must be URL-encoded as %2B (a bare "+" reads as a space)',
    };
  }
  const m = ISO_INPUT.exec(trimmed);
  if (!m) return { ok: false, reason: 'expected an ISO 8601 date-time such as 2024-05-01T00:00:00Z' };
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zonePart] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')));
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: 'the date or time is out of range' };
  }
  if (!zonePart) return { ok: true, ms: localTimeToUtc(wall, zone), hadOffset: false };
  if (zonePart.toUpperCase() === 'Z') return { ok: true, ms: wall, hadOffset: true };
  const digits = zonePart.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  return { ok: true, ms: wall - offset * MINUTE, hadOffset: true };
}

/** Calendar months added in UTC, clamping the day (Jan 31 + 1 month = Feb 28/29), as date-fns does locally. */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(
    target.getUTCFullYear(),
    target.getUTCMonth(),
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}
