import { z } from 'zod';
import { pdId, referenceList } from './common.ts';

/** Targets mix users and schedules (`user_reference`, `schedule_reference`), so the type is required. */
const target = z.looseObject({ id: pdId, type: z.string().min(1) });

export const escalationPolicySchema = z.looseObject({
  id: pdId,
  type: z.literal('escalation_policy'),
  name: z.string(),
  escalation_rules: z.array(
    z.looseObject({
      id: pdId.optional(),
      escalation_delay_in_minutes: z.number().nonnegative(),
      targets: z.array(target),
    }),
  ),
  services: referenceList.optional(),
  teams: referenceList.optional(),
  num_loops: z.number().int().nonnegative().optional(),
});

export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
