import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { listPages } from '../pages.ts';
import { repoFromApiUrl } from '../schemas/common.ts';
import { type Milestone, milestoneSchema } from '../schemas/issue.ts';
import { eachRepo, type GitHubSession, type RepoProgress } from '../session.ts';

/**
 * Every milestone of every repository, read whole and conditionally each run (every page keeps its
 * validator and next link): an action item's due date is its milestone's `due_on`, and editing a milestone
 * does not touch its issues' `updated_at`.
 */
export function milestonesStream(session: GitHubSession): Stream<Milestone> {
  return {
    source: 'github',
    name: 'milestones',
    primaryKey: (m) => `${repoFromApiUrl(m.url)}#${m.number}`,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Milestone>> {
      const { cursor } = session.begin(ctx, 'milestones');
      const repos = await session.repos(ctx);
      yield* eachRepo(session, ctx, cursor, repos, async function* (repo) {
        const etags: Array<RepoProgress['etags'][number]> = [];
        const pages = listPages(session.client, {
          stream: 'milestones',
          repo: repo.fullName,
          path: '/repos/{owner}/{repo}/milestones',
          params: { state: 'all' },
          schema: milestoneSchema,
          idField: 'number',
          signal: ctx.signal,
        });
        for await (const page of pages) {
          if (page.validator) etags.push(page.validator);
          if (page.records.length > 0 || page.rejects.length > 0)
            yield { records: page.records, rejects: page.rejects, cursor: null };
        }
        return { at: undefined, etags };
      });
    },
  };
}
