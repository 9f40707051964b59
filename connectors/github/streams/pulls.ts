import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { repoFromApiUrl } from '../schemas/common.ts';
import { type Pull, pullSchema } from '../schemas/pull.ts';
import { eachRepo, type GitHubSession } from '../session.ts';
import { horizon, ms } from './common.ts';
import { newestFirst } from './newest-first.ts';

/**
 * Closed pull requests of every repository, most recently updated first (`direction=desc` must be explicit
 * with `sort=updated`); the walk stops past the repository's cursor minus the overlap. Merged ones are the
 * deploys of repositories whose deploy kind is merges, and what an explicit `owner/repo#PR` link names.
 */
export function pullsStream(session: GitHubSession): Stream<Pull> {
  return {
    source: 'github',
    name: 'pulls',
    primaryKey: (p) => `${repoFromApiUrl(p.url)}#${p.number}`,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Pull>> {
      const { full, cursor } = session.begin(ctx, 'pulls');
      const oldest = horizon(ctx, session.options.historyDays);
      const repos = await session.repos(ctx);
      yield* eachRepo(session, ctx, cursor, repos, (repo) => {
        const since = full ? undefined : cursor.at(repo.fullName);
        return newestFirst(session.client, {
          stream: 'pulls',
          repo: repo.fullName,
          path: '/repos/{owner}/{repo}/pulls',
          params: { state: 'closed', sort: 'updated', direction: 'desc' },
          schema: pullSchema,
          idField: 'number',
          at: (p) => p.updated_at,
          since,
          stopBefore: since ? ms(since) - session.options.overlapMs : oldest,
          signal: ctx.signal,
        });
      });
    },
  };
}
