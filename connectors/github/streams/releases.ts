import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { repoFromApiUrl } from '../schemas/common.ts';
import { type Release, releaseSchema } from '../schemas/release.ts';
import { eachRepo, type GitHubSession } from '../session.ts';
import { horizon, ms } from './common.ts';
import { newestFirst } from './newest-first.ts';

/**
 * Releases of the repositories whose deploys are releases, newest first; the walk goes back to the
 * repository's cursor minus the lookback, so a draft published a little later is seen again.
 */
export function releasesStream(session: GitHubSession): Stream<Release> {
  return {
    source: 'github',
    name: 'releases',
    primaryKey: (r) => `${repoFromApiUrl(r.url)}#${r.id}`,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Release>> {
      const { full, cursor } = session.begin(ctx, 'releases');
      const oldest = horizon(ctx, session.options.historyDays);
      const repos = await session.repos(ctx, (r) => r.deployKind === 'releases');
      yield* eachRepo(session, ctx, cursor, repos, (repo) => {
        const since = full ? undefined : cursor.at(repo.fullName);
        return newestFirst(session.client, {
          stream: 'releases',
          repo: repo.fullName,
          path: '/repos/{owner}/{repo}/releases',
          params: {},
          schema: releaseSchema,
          at: (r) => r.created_at,
          since,
          stopBefore: since ? ms(since) - session.options.statusLookbackMs : oldest,
          signal: ctx.signal,
        });
      });
    },
  };
}
