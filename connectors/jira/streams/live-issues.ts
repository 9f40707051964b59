import { ApiError, ConfigError } from '../../../src/errors/index.ts';
import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { scopeJql } from '../jql.ts';
import { type IssueStreamName, streamNames } from '../options.ts';
import { searchPageSchema } from '../schemas.ts';
import type { JiraSession } from '../session.ts';

/** The ids of every issue a scope holds now; one record per scope. */
export interface LiveIssues {
  scope: IssueStreamName;
  count: number;
  ids: string[];
}

/** Ids-only pages are cheap: Jira serves up to 5,000 ids per page when no field is requested. */
const IDS_PAGE = 5000;

/**
 * Deleted issues never show up in a search by `updated`, so after the issue streams each scope is listed
 * again, ids only (about one request per 5,000 issues), and stored as one record per scope. Staging marks
 * an issue deleted when its scope's latest list does not hold it. A list is written only once complete, so
 * a failed or killed read never marks anything deleted.
 */
export function liveIssuesStream(session: JiraSession): Stream<LiveIssues> {
  return {
    source: 'jira',
    name: 'live_issues',
    primaryKey: (live) => live.scope,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<LiveIssues>> {
      for (const scope of streamNames) {
        let ids: string[];
        try {
          ids = await listIds(session, scopeJql(scope, session.options.scopes[scope]), ctx);
        } catch (error) {
          // A scope Jira refuses (its own stream failed with the reason) keeps its previous list.
          if (!(error instanceof ConfigError || (error instanceof ApiError && error.status === 400)))
            throw error;
          ctx.log.warn(
            `jira ${scope}: not listed, so no deletion is judged for it this run (${error.message})`,
          );
          continue;
        }
        yield { records: [{ scope, count: ids.length, ids }], rejects: [], cursor: null };
      }
    },
  };
}

async function listIds(session: JiraSession, scope: string, ctx: StreamContext): Promise<string[]> {
  const ids = new Set<string>();
  const tokens = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const body = await session.client.search(
      { jql: `${scope} ORDER BY key ASC`, maxResults: IDS_PAGE, nextPageToken: token },
      ctx.signal,
    );
    const page = searchPageSchema.safeParse(body);
    if (!page.success)
      throw new ApiError(
        `Jira search at ${session.client.host} answered without an issues list`,
        'jira',
        200,
      );
    for (const issue of page.data.issues) {
      const id = typeof issue === 'object' && issue !== null ? Reflect.get(issue, 'id') : undefined;
      if (typeof id === 'string' || typeof id === 'number') ids.add(String(id));
    }
    const next = page.data.nextPageToken ?? undefined;
    if (page.data.isLast === true || next === undefined) break;
    if (tokens.has(next)) {
      // An incomplete list would mark issues deleted that are not: give up on this run's list instead.
      throw new ApiError(
        `Jira search at ${session.client.host} returned a page token twice while listing ids`,
        'jira',
        200,
      );
    }
    tokens.add(next);
    token = next;
  }
  // Numeric order: stable payload, so an unchanged scope does not rewrite its row.
  return [...ids].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}
