import { z } from 'zod';
import { apiUrl, ghId, instant } from './common.ts';

/** A release from `GET /repos/{owner}/{repo}/releases` (newest first). Drafts have no `published_at`. */
export const releaseSchema = z.looseObject({
  id: ghId,
  url: apiUrl,
  tag_name: z.string().min(1),
  target_commitish: z.string().optional(),
  name: z.string().nullable().optional(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: instant,
  published_at: instant.nullable(),
  html_url: z.string().optional(),
});

export type Release = z.infer<typeof releaseSchema>;
