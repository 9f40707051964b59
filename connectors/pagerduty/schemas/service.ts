import { z } from 'zod';
import { instant, pdId, reference, referenceList } from './common.ts';

export const serviceSchema = z.looseObject({
  id: pdId,
  type: z.literal('service'),
  name: z.string(),
  status: z.string().optional(),
  created_at: instant.optional(),
  escalation_policy: reference.optional(),
  teams: referenceList.optional(),
});

export type Service = z.infer<typeof serviceSchema>;
