import { DAY, HOUR } from '../time.ts';
import type { ScheduleModel } from './model.ts';

/**
 * Weekly rotations. Hand-offs happen every Monday at 17:00 UTC (09:00 or 10:00 in the account's zone), counted
 * from a fixed Monday so that the rotation does not depend on when the sandbox starts.
 */
export const ROTATION_ANCHOR = Date.UTC(2001, 0, 1) + 17 * HOUR;
export const ROTATION_LENGTH = 7 * DAY;

export function shiftIndexAt(ms: number): number {
  return Math.floor((ms - ROTATION_ANCHOR) / ROTATION_LENGTH);
}

export function shiftStart(shift: number): number {
  return ROTATION_ANCHOR + shift * ROTATION_LENGTH;
}

export function userOnShift(schedule: ScheduleModel, shift: number): number {
  const n = schedule.users.length;
  const user = schedule.users[(((shift + schedule.offset) % n) + n) % n];
  if (user === undefined) throw new Error(`schedule ${schedule.id} has no users`);
  return user;
}

export function userOnCallAt(schedule: ScheduleModel, ms: number): number {
  return userOnShift(schedule, shiftIndexAt(ms));
}
