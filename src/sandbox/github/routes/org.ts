import { notFound } from '../errors.ts';
import { API_VERSION_2026, ORG_ID, ORG_LOGIN, type RepoModel } from '../model.ts';
import type { RateSnapshot } from '../rate-limit.ts';
import { repoStateAt } from '../state.ts';
import {
  directionParam,
  enumParam,
  listPage,
  type RouteContext,
  type RouteResult,
  sortBy,
} from './context.ts';

const REPO_SORTS = ['created', 'updated', 'pushed', 'full_name'] as const;
const REPO_TYPES = ['all', 'public', 'private', 'forks', 'sources', 'member'] as const;

/**
 * `GET /orgs/{org}/repos`: `type` (all), `sort` created|updated|pushed|full_name (created), `direction` (asc
 * for full_name, else desc). Repositories the token cannot see are not listed.
 */
export function listOrgRepos(ctx: RouteContext, org: string): RouteResult {
  if (org.toLowerCase() !== ORG_LOGIN && org !== String(ORG_ID))
    throw notFound('https://docs.github.com/rest/repos/repos#list-organization-repositories');
  const type = enumParam(ctx, 'Repository', 'type', REPO_TYPES, 'all');
  const sort = enumParam(ctx, 'Repository', 'sort', REPO_SORTS, 'created');
  const direction = directionParam(ctx, 'Repository', sort === 'full_name' ? 'asc' : 'desc');
  let repos = ctx.world.repos.filter((r) => ctx.access(r) !== 'missing');
  if (type === 'public' || type === 'forks') repos = [];
  const pushed = (r: RepoModel) => repoStateAt(ctx.world, r.index, ctx.now).pushedAt;
  if (sort === 'full_name') {
    repos.sort((a, b) => a.fullName.localeCompare(b.fullName) * (direction === 'asc' ? 1 : -1));
  } else {
    sortBy(repos, sort === 'created' ? (r) => r.createdAt : pushed, (r) => r.id, direction);
  }
  return listPage(ctx, `${ctx.base.api}/organizations/${ORG_ID}/repos`, repos, (r) => ctx.repoPayload(r));
}

/** `GET /rate_limit`: the fixture's resources, `core` from the primary limiter; it costs nothing. */
export function rateLimitStatus(ctx: RouteContext, core: RateSnapshot): RouteResult {
  const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
  const resources = {
    core,
    search: other(30),
    graphql: other(5000),
    integration_manifest: other(5000),
    source_import: other(100),
    actions_runner_registration: other(10000),
    scim: other(15000),
    dependency_snapshots: other(100),
    code_search: other(10),
    code_scanning_autofix: other(10),
  };
  const body = ctx.apiVersion === API_VERSION_2026 ? { resources } : { resources, rate: core };
  return { body, link: null };
}
