import { DAY, HOUR, localTimeToUtc, MINUTE } from '../../time.ts';
import { badRequest } from '../errors.ts';

const ABSOLUTE = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const PERIOD = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/i;
const UNIT: Record<string, number> = { w: 7 * DAY, d: DAY, h: HOUR, m: MINUTE };

export const invalidDate = (text: string, field: string) =>
  badRequest(
    `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );

/**
 * A JQL date value as Jira reads it: `yyyy/MM/dd HH:mm`, `yyyy-MM-dd HH:mm` or a bare date are wall-clock
 * time in the zone of the user running the query (minute precision, no seconds); `-5d`, `4w 2d` are
 * relative to now; an integer is epoch milliseconds, the one zone-free form.
 */
export function parseJqlDate(text: string, field: string, now: number, zone: string): number {
  const trimmed = text.trim();
  if (/^\d{9,}$/.test(trimmed)) return Number(trimmed);
  const abs = ABSOLUTE.exec(trimmed);
  if (abs) {
    const [, y, mo, d, h = '0', mi = '0'] = abs;
    const [year, month, day, hour, minute] = [y, mo, d, h, mi].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    const check = new Date(wall);
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
      throw invalidDate(text, field);
    }
    return localTimeToUtc(wall, zone);
  }
  const period = PERIOD.exec(trimmed);
  if (period) {
    const sign = period[1] === '-' ? -1 : 1;
    let total = 0;
    for (const part of period[2]!.matchAll(/(\d+)\s*([wdhm])/gi)) {
      total += Number(part[1]) * UNIT[part[2]!.toLowerCase()]!;
    }
    return now + sign * total;
  }
  throw invalidDate(text, field);
}
