import { z } from 'zod';
import { instant, reference } from './common.ts';

/**
 * An on-call entry of `GET /oncalls`. It has no id of its own; `start`/`end` are null for a permanent
 * (always on-call) level, and PagerDuty renders them with the account's offset (`-05:00`), not `Z`.
 */
export const oncallSchema = z.looseObject({
  user: reference,
  schedule: reference.nullable().optional(),
  escalation_policy: reference,
  escalation_level: z.number().int().positive(),
  start: instant.nullable(),
  end: instant.nullable(),
});

export type Oncall = z.infer<typeof oncallSchema>;

/** One user at one level of one policy over one period: the key the raw table upserts on. */
export function oncallKey(o: Oncall): string {
  // The same instant rendered with another offset is the same shift.
  const start = o.start === null ? '-' : new Date(o.start).toISOString();
  return [o.escalation_policy.id, o.escalation_level, o.schedule?.id ?? '-', o.user.id, start].join('|');
}
