import { API } from '../catalog.ts';
import { JiraError } from '../errors.ts';
import {
  renderFieldList,
  renderLinkTypes,
  renderMyself,
  renderProjectDetail,
  renderServerInfo,
  renderStatuses,
} from '../render/directory.ts';
import { expansions, integerParam, type JiraRoute, type JiraRouteContext } from './context.ts';

/** `GET /rest/api/3/project/search`: offset paging, 50 per page by default. */
function projectSearch(ctx: JiraRouteContext): unknown {
  const startAt = integerParam(ctx.query, 'startAt', 0);
  const maxResults = Math.min(integerParam(ctx.query, 'maxResults', 50, 1), 100);
  const withDescription = expansions(ctx.query).has('description');
  const projects = ctx.world.projects;
  const end = Math.min(projects.length, startAt + maxResults);
  const base = `${API}/project/search`;
  const isLast = end >= projects.length;
  return {
    self: `${base}?startAt=${startAt}&maxResults=${maxResults}`,
    ...(isLast ? {} : { nextPage: `${base}?startAt=${end}&maxResults=${maxResults}` }),
    maxResults,
    startAt,
    total: projects.length,
    isLast,
    values: projects
      .slice(startAt, end)
      .map((p, k) => renderProjectDetail(p, ctx.book, startAt + k, withDescription)),
  };
}

function project(ctx: JiraRouteContext, idOrKey: string): unknown {
  const index = ctx.world.projects.findIndex((p) => p.id === idOrKey || p.key === idOrKey.toUpperCase());
  if (index < 0) throw new JiraError(404, [`No project could be found with key '${idOrKey}'.`]);
  return renderProjectDetail(ctx.world.projects[index]!, ctx.book, index, true);
}

export const directoryRoutes: JiraRoute[] = [
  {
    pattern: /^\/rest\/api\/3\/field$/,
    name: '/rest/api/3/field',
    handle: (ctx) => renderFieldList(ctx.world),
  },
  {
    pattern: /^\/rest\/api\/3\/myself$/,
    name: '/rest/api/3/myself',
    handle: (ctx) => renderMyself(ctx.world, ctx.book),
  },
  {
    pattern: /^\/rest\/api\/3\/issueLinkType$/,
    name: '/rest/api/3/issueLinkType',
    handle: (ctx) => renderLinkTypes(ctx.book),
  },
  {
    pattern: /^\/rest\/api\/3\/status$/,
    name: '/rest/api/3/status',
    handle: (ctx) => renderStatuses(ctx.book),
  },
  {
    pattern: /^\/rest\/api\/3\/serverInfo$/,
    name: '/rest/api/3/serverInfo',
    handle: (ctx) => renderServerInfo(ctx.now),
  },
  {
    pattern: /^\/rest\/api\/3\/project\/search$/,
    name: '/rest/api/3/project/search',
    handle: (ctx) => projectSearch(ctx),
  },
  {
    pattern: /^\/rest\/api\/3\/project\/([^/]+)$/,
    name: '/rest/api/3/project/{key}',
    handle: (ctx, [key]) => project(ctx, key!),
  },
];
