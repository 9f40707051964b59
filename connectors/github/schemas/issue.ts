import { z } from 'zod';
import { apiUrl, ghId, instant, user } from './common.ts';

const label = z.union([z.string(), z.looseObject({ name: z.string() })]);

export const milestoneSchema = z.looseObject({
  id: ghId,
  number: z.number().int().positive(),
  url: apiUrl,
  title: z.string(),
  state: z.enum(['open', 'closed']),
  due_on: instant.nullable(),
});

export type Milestone = z.infer<typeof milestoneSchema>;

/**
 * An issue from `GET /repos/{owner}/{repo}/issues?labels=…&state=all&since=…`. The list also returns pull
 * requests (they carry a `pull_request` key); the stream drops those before validation.
 */
export const issueSchema = z.looseObject({
  id: ghId,
  number: z.number().int().positive(),
  url: apiUrl,
  html_url: z.string().optional(),
  title: z.string(),
  state: z.enum(['open', 'closed']),
  state_reason: z.string().nullable().optional(),
  labels: z.array(label),
  assignee: user.nullable().optional(),
  milestone: milestoneSchema.partial({ url: true, state: true }).nullable().optional(),
  created_at: instant,
  updated_at: instant,
  closed_at: instant.nullable(),
});

export type Issue = z.infer<typeof issueSchema>;
