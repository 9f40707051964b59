import type { OrgModel } from '../model.ts';

/** Where the overloaded responder lives: the first team's incidents peak in US afternoons, their night here. */
export const OVERLOADED_TIME_ZONE = 'Australia/Sydney';

/**
 * Makes one responder of the first team carry an unfair share of its primary rotation: they take two weeks of
 * every three ([O, O, a, O, O, b ...] instead of [O, a, b ...]), so they are paged about twice as often as anyone
 * else in the organisation. They live in Sydney while the team's incidents cluster in US afternoons, so many of their pages
 * land in their sleep hours and some weeks cross the burnout threshold. Only who is on call changes: incident
 * times are drawn before and independently of the rotation, so every incident's timing stays the same.
 * Returns the overloaded user's index.
 */
export function overloadOneResponder(org: OrgModel): number {
  const primary = org.schedules.find((s) => s.team === 0);
  if (!primary || primary.users.length < 3) throw new Error('the first team needs a primary rotation of 3+');
  // Not the first engineer: they also sit on the management level, which would blur the picture.
  const overloaded = primary.users[1]!;
  const others = primary.users.filter((u) => u !== overloaded);
  primary.users = others.flatMap((u) => [overloaded, overloaded, u]);
  org.users[overloaded]!.timeZone = OVERLOADED_TIME_ZONE;
  return overloaded;
}
