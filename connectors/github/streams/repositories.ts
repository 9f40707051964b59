import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { orgKey } from '../catalog.ts';
import type { Repository } from '../schemas/repository.ts';
import { type GitHubSession, REPO_PREFIX, throwFailures } from '../session.ts';

/**
 * The repositories the run syncs (the organisation's, filtered, and the listed ones), read whole each run and
 * conditionally. It resolves the catalog the later streams of the run work on. A listed repository that is
 * gone or hidden (404/403) is named once and left out; the stream then ends as failed, after the others.
 */
export function repositoriesStream(session: GitHubSession): Stream<Repository> {
  return {
    source: 'github',
    name: 'repositories',
    primaryKey: (repo) => String(repo.id),
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Repository>> {
      const { cursor } = session.begin(ctx, 'repositories');
      const known = (ctx.refreshIds ?? [])
        .filter((id) => id.startsWith(REPO_PREFIX))
        .map((id) => id.slice(REPO_PREFIX.length));
      const found = yield* session.catalog.discover(ctx, cursor, known);
      session.catalog.resolved = found.repos;
      const org = session.options.org;
      cursor.keepOnly(new Set([...(org ? [orgKey(org)] : []), ...session.catalog.listed.map((e) => e.name)]));
      yield { records: [], rejects: [], cursor: cursor.format(ctx.now.toISOString()) };
      for (const failure of found.failures) session.unavailable.add(failure.repo);
      throwFailures(found.failures);
    },
  };
}
