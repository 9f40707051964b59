import { MINUTE, zoneOffsetMinutes } from '../../time.ts';
import { API_USER_TIME_ZONE } from '../catalog.ts';

/**
 * `2024-01-15T10:23:45.123+0100`: Jira renders instants with milliseconds and a colon-less offset, in the
 * zone of the user making the request (here always the API user, Europe/Berlin), so a reader that drops the
 * offset is off by one or two hours.
 */
export function jiraTime(ms: number, zone: string = API_USER_TIME_ZONE): string {
  const offset = zoneOffsetMinutes(zone, ms);
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 23);
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
