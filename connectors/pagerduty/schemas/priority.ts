import { z } from 'zod';
import { pdId } from './common.ts';

export const prioritySchema = z.looseObject({
  id: pdId,
  type: z.literal('priority'),
  name: z.string(),
  summary: z.string().optional(),
});

export type Priority = z.infer<typeof prioritySchema>;
