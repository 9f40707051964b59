import { z } from 'zod';
import { pdId, referenceList } from './common.ts';

export const userSchema = z.looseObject({
  id: pdId,
  type: z.literal('user'),
  name: z.string(),
  email: z.string().optional(),
  time_zone: z.string().optional(),
  teams: referenceList.optional(),
});

export type User = z.infer<typeof userSchema>;
