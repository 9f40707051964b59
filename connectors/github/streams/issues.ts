import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { repoFromApiUrl } from '../schemas/common.ts';
import { type Issue, issueSchema } from '../schemas/issue.ts';
import { eachRepo, type GitHubSession } from '../session.ts';
import { horizon, ms } from './common.ts';
import { newestFirst } from './newest-first.ts';

/** Issues lists return pull requests too; they carry a `pull_request` key. */
const isIssue = (raw: unknown) => typeof raw !== 'object' || raw === null || !('pull_request' in raw);

/**
 * Action items: issues with the configured label, open and closed (`state=all`; the API defaults to open),
 * most recently updated first, pull requests dropped. `since` is the history horizon of the repository's
 * first read and is then sent unchanged, so an unchanged repository is asked the very same URL and answers
 * 304; when something changed, the walk stops past the repository's cursor minus the overlap.
 */
export function issuesStream(session: GitHubSession): Stream<Issue> {
  return {
    source: 'github',
    name: 'issues',
    primaryKey: (i) => `${repoFromApiUrl(i.url)}#${i.number}`,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Issue>> {
      const { full, cursor } = session.begin(ctx, 'issues');
      const start = new Date(horizon(ctx, session.options.historyDays))
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      const repos = await session.repos(ctx);
      yield* eachRepo(session, ctx, cursor, repos, async function* (repo) {
        const since = (full ? undefined : cursor.since(repo.fullName)) ?? start;
        const last = full ? undefined : cursor.at(repo.fullName);
        const progress = yield* newestFirst(session.client, {
          stream: 'issues',
          repo: repo.fullName,
          path: '/repos/{owner}/{repo}/issues',
          params: {
            labels: session.options.actionItemLabel,
            state: 'all',
            since,
            sort: 'updated',
            direction: 'desc',
          },
          schema: issueSchema,
          idField: 'number',
          keep: isIssue,
          at: (i) => i.updated_at,
          since: last,
          stopBefore: last ? ms(last) - session.options.overlapMs : Number.NEGATIVE_INFINITY,
          signal: ctx.signal,
        });
        return { ...progress, since };
      });
    },
  };
}
