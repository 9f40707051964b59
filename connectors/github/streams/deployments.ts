import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { repoFromApiUrl } from '../schemas/common.ts';
import { type Deployment, deploymentSchema } from '../schemas/deployment.ts';
import { eachRepo, type GitHubSession } from '../session.ts';
import { horizon, ms } from './common.ts';
import { newestFirst } from './newest-first.ts';

/**
 * Deployments of each repository's production environment, newest first. The API has no `since`: the walk
 * stops after the first page reaching past the repository's cursor (minus the overlap), and a 304 on the
 * first page ends it at once. Statuses are the deployment_statuses stream's business.
 */
export function deploymentsStream(session: GitHubSession): Stream<Deployment> {
  return {
    source: 'github',
    name: 'deployments',
    primaryKey: (d) => `${repoFromApiUrl(d.url)}#${d.id}`,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Deployment>> {
      const { full, cursor } = session.begin(ctx, 'deployments');
      const oldest = horizon(ctx, session.options.historyDays);
      const repos = await session.repos(ctx, (r) => r.deployKind === 'deployments');
      yield* eachRepo(session, ctx, cursor, repos, (repo) => {
        const since = full ? undefined : cursor.at(repo.fullName);
        return newestFirst(session.client, {
          stream: 'deployments',
          repo: repo.fullName,
          path: '/repos/{owner}/{repo}/deployments',
          params: { environment: repo.environment },
          schema: deploymentSchema,
          at: (d) => d.created_at,
          since,
          stopBefore: since ? ms(since) - session.options.overlapMs : oldest,
          signal: ctx.signal,
        });
      });
    },
  };
}
