import { z } from 'zod';
import { pdId, reference } from './common.ts';

export const teamSchema = z.looseObject({
  id: pdId,
  type: z.literal('team'),
  name: z.string(),
  parent: reference.nullable().optional(),
});

export type Team = z.infer<typeof teamSchema>;
