import { z } from 'zod';
import { apiUrl, ghId, instant, user } from './common.ts';

const branch = z.looseObject({ ref: z.string().min(1), sha: z.string().optional() });

/** A pull request from `GET /repos/{owner}/{repo}/pulls?state=closed&sort=updated&direction=desc`. */
export const pullSchema = z.looseObject({
  id: ghId,
  number: z.number().int().positive(),
  url: apiUrl,
  html_url: z.string().optional(),
  state: z.enum(['open', 'closed']),
  title: z.string().optional(),
  user: user.nullable().optional(),
  created_at: instant,
  updated_at: instant,
  closed_at: instant.nullable(),
  merged_at: instant.nullable(),
  merge_commit_sha: z.string().nullable().optional(),
  base: branch,
  head: branch.optional(),
});

export type Pull = z.infer<typeof pullSchema>;
