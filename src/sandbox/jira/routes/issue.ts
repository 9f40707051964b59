import { issueNotFound } from '../errors.ts';
import type { IssueModel } from '../model.ts';
import { changelogPage } from '../render/changelog.ts';
import { renderIssue, selectFields } from '../render/issue.ts';
import { visibleHistoryCount } from '../state.ts';
import { expansions, integerParam, type JiraRoute, type JiraRouteContext } from './context.ts';

/** Histories embedded by `GET /issue/{key}?expand=changelog` (the search embeds fewer, see search.ts). */
export const ISSUE_CHANGELOG_CAP = 100;
/** `GET /issue/{key}/changelog` page size: default and maximum. */
export const CHANGELOG_PAGE_SIZE = 100;

/** By key (any case) or numeric id; an issue created after the clock does not exist yet. */
function findIssue(ctx: JiraRouteContext, idOrKey: string): IssueModel {
  const issue = ctx.world.byKey.get(idOrKey.toUpperCase()) ?? ctx.world.byId.get(idOrKey);
  if (!issue || issue.createdAt > ctx.now) throw issueNotFound();
  return issue;
}

function getIssue(ctx: JiraRouteContext, idOrKey: string): unknown {
  const issue = findIssue(ctx, idOrKey);
  const selection = selectFields(ctx, ctx.query.getAll('fields'), 'all');
  const cap = expansions(ctx.query).has('changelog') ? ISSUE_CHANGELOG_CAP : null;
  return renderIssue(ctx, issue, { idsOnly: false, fields: selection.fields }, cap);
}

/** `GET /rest/api/3/issue/{key}/changelog`: every history, oldest first, offset paging (`startAt`). */
function getChangelog(ctx: JiraRouteContext, idOrKey: string): unknown {
  const issue = findIssue(ctx, idOrKey);
  const startAt = integerParam(ctx.query, 'startAt', 0);
  const maxResults = Math.min(
    integerParam(ctx.query, 'maxResults', CHANGELOG_PAGE_SIZE, 1),
    CHANGELOG_PAGE_SIZE,
  );
  const visible = visibleHistoryCount(issue.histories, ctx.now);
  return changelogPage(ctx, issue, visible, startAt, maxResults, idOrKey);
}

export const issueRoutes: JiraRoute[] = [
  {
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/,
    name: '/rest/api/3/issue/{key}/changelog',
    handle: (ctx, [key]) => getChangelog(ctx, key!),
  },
  {
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
    name: '/rest/api/3/issue/{key}',
    handle: (ctx, [key]) => getIssue(ctx, key!),
  },
];
