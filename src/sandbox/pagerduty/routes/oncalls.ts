import { DAY } from '../../time.ts';
import { invalidInput } from '../errors.ts';
import { ROTATION_LENGTH, shiftIndexAt, shiftStart, userOnShift } from '../oncall.ts';
import { page, pageRequest } from '../pagination.ts';
import { arrayParam, booleanParam, dateParam, requestZone } from '../params.ts';
import { type OnCallShift, renderOnCall } from '../render/alert.ts';
import type { PagerDutyRoute, RouteContext } from './context.ts';

/** PagerDuty limits on-call queries to a 90-day range. */
const MAX_RANGE_MS = 90 * DAY;

function shifts(ctx: RouteContext, since: number, until: number): OnCallShift[] {
  const { org } = ctx.world;
  const policyIds = new Set(arrayParam(ctx.query, 'escalation_policy_ids'));
  const scheduleIds = new Set(arrayParam(ctx.query, 'schedule_ids'));
  const userIds = new Set(arrayParam(ctx.query, 'user_ids'));
  const out: OnCallShift[] = [];
  org.escalationPolicies.forEach((policy, p) => {
    if (policyIds.size > 0 && !policyIds.has(policy.id)) return;
    policy.rules.forEach((rule, level) => {
      const schedule = org.schedules[rule.schedule]!;
      if (scheduleIds.size > 0 && !scheduleIds.has(schedule.id)) return;
      const last = until > since ? shiftIndexAt(until - 1) : shiftIndexAt(since);
      for (let s = shiftIndexAt(since); s <= last; s++) {
        const user = userOnShift(schedule, s);
        if (userIds.size > 0 && !userIds.has(org.users[user]!.id)) continue;
        out.push({
          policy: p,
          level: level + 1,
          schedule: rule.schedule,
          user,
          start: shiftStart(s),
          end: shiftStart(s) + ROTATION_LENGTH,
        });
      }
    });
  });
  return out;
}

/** Only the earliest shift per (policy, level, user), as PagerDuty's `earliest=true`. */
function earliestOnly(list: OnCallShift[]): OnCallShift[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = `${s.policy}|${s.level}|${s.user}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `GET /oncalls`: who is on call for each policy level between `since` and `until` (both default to now).
 * Weekly rotations; `start`/`end` are rendered in `time_zone` or the account's zone.
 */
const listOnCalls: PagerDutyRoute = {
  pattern: /^\/oncalls$/,
  name: '/oncalls',
  handle(ctx) {
    const request = pageRequest(ctx.query, ctx.paginationCap);
    const zone = requestZone(ctx.query);
    const since = dateParam(ctx.query, 'since', zone) ?? ctx.now;
    const until = dateParam(ctx.query, 'until', zone) ?? Math.max(since, ctx.now);
    if (since > until) throw invalidInput('since must be before until.');
    if (until - since > MAX_RANGE_MS)
      throw invalidInput('The maximum range between since and until is 90 days.');
    let list = shifts(ctx, since, until);
    if (booleanParam(ctx.query, 'earliest', false)) list = earliestOnly(list);
    return page('oncalls', request, list.length, (k) => renderOnCall(ctx, list[k]!, zone));
  },
};

export const onCallRoutes: PagerDutyRoute[] = [listOnCalls];
