import { z } from 'zod';

/** A reporting period: local calendar days [start, end) in the reporting time zone. */
export interface Period {
  /** As written by the user, e.g. 2026-Q3; used in file names. */
  label: string;
  grain: 'year' | 'quarter' | 'month' | 'week';
  /** First local day, YYYY-MM-DD. */
  start: string;
  /** The local day after the last one, YYYY-MM-DD (exclusive). */
  end: string;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcDay = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);

/** Monday of ISO week 1: the week that holds 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = utcDay(year, 1, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return jan4 - weekday * DAY_MS;
}

const isoWeeksIn = (year: number) => (isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / (7 * DAY_MS);

const patterns = {
  quarter: /^(\d{4})-Q([1-4])$/,
  month: /^(\d{4})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  year: /^(\d{4})$/,
} as const;

const expected =
  'expected a period such as 2026-Q3 (quarter), 2026-09 (month), 2026-W37 (ISO week) or 2026 (year)';

/** `--period` as zod parses it: the error says which forms are accepted. */
export const periodSchema = z
  .string({ message: expected })
  .trim()
  .transform((text, ctx): Period => {
    const upper = text.toUpperCase();
    const quarter = patterns.quarter.exec(upper);
    if (quarter) {
      const [year, q] = [Number(quarter[1]), Number(quarter[2])];
      const first = (q - 1) * 3 + 1;
      return {
        label: upper,
        grain: 'quarter',
        start: isoDay(utcDay(year, first, 1)),
        end: isoDay(utcDay(year, first + 3, 1)),
      };
    }
    const month = patterns.month.exec(upper);
    if (month) {
      const [year, m] = [Number(month[1]), Number(month[2])];
      if (m >= 1 && m <= 12)
        return {
          label: upper,
          grain: 'month',
          start: isoDay(utcDay(year, m, 1)),
          end: isoDay(utcDay(year, m + 1, 1)),
        };
      ctx.addIssue({ code: 'custom', message: `month ${month[2]} does not exist: ${expected}` });
      return z.NEVER;
    }
    const week = patterns.week.exec(upper);
    if (week) {
      const [year, w] = [Number(week[1]), Number(week[2])];
      if (w >= 1 && w <= isoWeeksIn(year)) {
        const monday = isoWeekOneMonday(year) + (w - 1) * 7 * DAY_MS;
        return { label: upper, grain: 'week', start: isoDay(monday), end: isoDay(monday + 7 * DAY_MS) };
      }
      ctx.addIssue({
        code: 'custom',
        message: `${year} has ISO weeks W01 to W${isoWeeksIn(year)}: ${expected}`,
      });
      return z.NEVER;
    }
    const year = patterns.year.exec(upper);
    if (year) {
      const y = Number(year[1]);
      return {
        label: upper,
        grain: 'year',
        start: isoDay(utcDay(y, 1, 1)),
        end: isoDay(utcDay(y + 1, 1, 1)),
      };
    }
    ctx.addIssue({ code: 'custom', message: `'${text}': ${expected}` });
    return z.NEVER;
  });

/** The quarter that holds `now` (UTC), the default period. */
export function currentQuarter(now: Date): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}
