import { z } from 'zod';
import { apiUrl, ghId, instant, user } from './common.ts';

/** A deployment from `GET /repos/{owner}/{repo}/deployments` (newest first; no `since`). */
export const deploymentSchema = z.looseObject({
  id: ghId,
  url: apiUrl,
  sha: z.string().min(1),
  ref: z.string().optional(),
  task: z.string().optional(),
  environment: z.string().min(1),
  description: z.string().nullable().optional(),
  creator: user.nullable().optional(),
  created_at: instant,
  updated_at: instant.optional(),
  production_environment: z.boolean().optional(),
});

export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentStates = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
] as const;

/** A status from `GET /repos/{owner}/{repo}/deployments/{id}/statuses` (newest first). */
export const deploymentStatusSchema = z.looseObject({
  id: ghId,
  url: apiUrl.optional(),
  state: z.enum(deploymentStates),
  created_at: instant,
  deployment_url: apiUrl,
  environment: z.string().optional(),
  description: z.string().nullable().optional(),
  log_url: z.string().nullable().optional(),
  target_url: z.string().nullable().optional(),
});

export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

/**
 * The statuses of one deployment as one record: every status GitHub listed for it (newest first, pages
 * joined), the repository and deployment they belong to, and the ETag of that answer, kept with the data so
 * the next run can ask again conditionally (see the adapter's refreshIds).
 */
export const deploymentStatusListSchema = z.object({
  repository: z.string().regex(/^[^/]+\/[^/]+$/, { message: 'expected owner/name' }),
  deployment_id: ghId,
  etag: z.string().nullable(),
  statuses: z.array(deploymentStatusSchema),
});

export type DeploymentStatusList = z.infer<typeof deploymentStatusListSchema>;
