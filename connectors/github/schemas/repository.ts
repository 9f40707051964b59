import { z } from 'zod';
import { ghId } from './common.ts';

/** A repository from `GET /orgs/{org}/repos` or `GET /repos/{owner}/{repo}`. */
export const repositorySchema = z.looseObject({
  id: ghId,
  name: z.string().min(1),
  full_name: z.string().regex(/^[^/]+\/[^/]+$/, { message: 'expected owner/name' }),
  default_branch: z.string().min(1).optional(),
  archived: z.boolean().optional(),
  html_url: z.string().optional(),
});

export type Repository = z.infer<typeof repositorySchema>;
