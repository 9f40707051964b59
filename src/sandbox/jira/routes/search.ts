import { searchRemoved } from '../errors.ts';
import { compileJql } from '../jql/compile.ts';
import { decodePageToken, encodePageToken } from '../page-token.ts';
import { fieldNames, renderIssue, selectFields } from '../render/issue.ts';
import { issueStateAt } from '../state.ts';
import {
  expansions,
  integerParam,
  type JiraRoute,
  type JiraRouteContext,
  type Selection,
} from './context.ts';

export const DEFAULT_MAX_RESULTS = 50;
/** Page size cap when issues carry fields (or a changelog), as observed on Jira Cloud. */
export const MAX_RESULTS_WITH_FIELDS = 100;
/** Page size cap when only ids are requested (the documented maximum). */
export const MAX_RESULTS_IDS_ONLY = 5000;
/** Histories embedded per issue by `expand=changelog` in search. */
export const EMBEDDED_CHANGELOG_CAP = 40;

function select(ctx: JiraRouteContext, jql: string): Selection {
  return ctx.searches.get(ctx.now, jql, () => {
    const query = compileJql(jql, ctx);
    const rows = ctx.world.issues
      .filter((issue) => issue.createdAt <= ctx.now)
      .map((issue) => ({ issue, state: issueStateAt(issue, ctx.now) }))
      .filter((row) => query.matches(row))
      .map((row) => ({ row, key: query.sortKey(row) }));
    rows.sort((a, b) => query.compare(a.key, b.key));
    return { query, rows };
  });
}

/** First position strictly after `key` in the selection's order. */
function positionAfter(selection: Selection, key: ReturnType<Selection['query']['sortKey']>): number {
  let lo = 0;
  let hi = selection.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (selection.query.compare(selection.rows[mid]!.key, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `GET /rest/api/3/search/jql` (enhanced search): `{issues, nextPageToken?, isLast}` with no total; the
 * token is omitted on the last page. Issues are `{id}` only unless `fields` is given.
 */
function search(ctx: JiraRouteContext): unknown {
  const jql = ctx.query.get('jql') ?? '';
  const requested = integerParam(ctx.query, 'maxResults', DEFAULT_MAX_RESULTS, 1);
  const expand = expansions(ctx.query);
  const withChangelog = expand.has('changelog');
  const selection = selectFields(ctx, ctx.query.getAll('fields'), 'ids');
  const cap = selection.idsOnly && !withChangelog ? MAX_RESULTS_IDS_ONLY : MAX_RESULTS_WITH_FIELDS;
  const limit = Math.min(requested, cap);
  const result = select(ctx, jql);
  const token = ctx.query.get('nextPageToken');
  const start = token ? positionAfter(result, decodePageToken(token, jql)) : 0;
  const page = result.rows.slice(start, start + limit);
  const isLast = start + page.length >= result.rows.length;
  const body: Record<string, unknown> = {};
  if (expand.has('names') && !selection.idsOnly) body.names = fieldNames(ctx, selection);
  body.issues = page.map(({ row }) =>
    renderIssue(ctx, row.issue, selection, withChangelog ? EMBEDDED_CHANGELOG_CAP : null),
  );
  if (!isLast) body.nextPageToken = encodePageToken(jql, page.at(-1)!.key);
  body.isLast = isLast;
  return body;
}

export const searchRoutes: JiraRoute[] = [
  { pattern: /^\/rest\/api\/3\/search\/jql$/, name: '/rest/api/3/search/jql', handle: (ctx) => search(ctx) },
  {
    pattern: /^\/rest\/api\/(?:2|3|latest)\/search$/,
    name: '/rest/api/3/search',
    handle: () => {
      throw searchRemoved();
    },
  },
];
