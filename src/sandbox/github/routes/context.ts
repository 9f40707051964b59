import { parseIsoInput } from '../../time.ts';
import { invalidParameter } from '../errors.ts';
import type { GitHubWorld, RepoModel } from '../model.ts';
import { linkHeader, pageOf, pageRequest } from '../pagination.ts';
import { type RenderBase, renderOrgOwner } from '../render/common.ts';
import { renderRepo } from '../render/repo.ts';
import { repoStateAt } from '../state.ts';

/** Everything a route handler needs for one request. */
export interface RouteContext {
  world: GitHubWorld;
  now: number;
  base: RenderBase;
  query: URLSearchParams;
  apiVersion: string;
  /** Whether the token can see a repository (tests can make one disappear or forbidden). */
  access(repo: RepoModel): RepoAccess;
  /** The repository payload as of now, rendered once per request (pull requests embed it twice each). */
  repoPayload(repo: RepoModel): unknown;
  orgOwner(): unknown;
}

export type RepoAccess = 'ok' | 'missing' | 'forbidden';

export interface RouteResult {
  body: unknown;
  link: string | null;
}

export function routeContext(
  world: GitHubWorld,
  now: number,
  base: RenderBase,
  query: URLSearchParams,
  apiVersion: string,
  access: (repo: RepoModel) => RepoAccess,
): RouteContext {
  const repos = new Map<number, unknown>();
  let owner: unknown;
  return {
    world,
    now,
    base,
    query,
    apiVersion,
    access,
    repoPayload(repo) {
      let payload = repos.get(repo.index);
      if (payload === undefined) {
        payload = renderRepo(base, repo, repoStateAt(world, repo.index, now));
        repos.set(repo.index, payload);
      }
      return payload;
    },
    orgOwner() {
      owner ??= renderOrgOwner(base);
      return owner;
    },
  };
}

/** One page of `selected` (already filtered and ordered), rendered, with its `Link` header. */
export function listPage<T>(
  ctx: RouteContext,
  target: string,
  selected: T[],
  render: (item: T) => unknown,
): RouteResult {
  const request = pageRequest(ctx.query);
  const { items, lastPage } = pageOf(selected, request);
  return { body: items.map(render), link: linkHeader(target, ctx.query, request.page, lastPage) };
}

/** An enum query parameter: absent → the default; a value outside the enum → 422 as GitHub answers. */
export function enumParam<T extends string>(
  ctx: RouteContext,
  resource: string,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw invalidParameter(resource, name, raw);
  return raw as T;
}

/** `direction`: asc or desc, with the endpoint's default for the chosen sort. */
export function directionParam(
  ctx: RouteContext,
  resource: string,
  fallback: 'asc' | 'desc',
): 'asc' | 'desc' {
  return enumParam(ctx, resource, 'direction', ['asc', 'desc'] as const, fallback);
}

/** `since`: an ISO 8601 timestamp (`YYYY-MM-DDTHH:MM:SSZ`); without an offset it is read as UTC. */
export function sinceParam(ctx: RouteContext, resource: string): number | null {
  const raw = ctx.query.get('since');
  if (raw === null || raw === '') return null;
  const parsed = parseIsoInput(raw, 'UTC');
  if (!parsed.ok) throw invalidParameter(resource, 'since', raw);
  return parsed.ms;
}

/** Sorts by `key` then `tie` (both numbers), ascending or descending. */
export function sortBy<T>(
  items: T[],
  key: (t: T) => number,
  tie: (t: T) => number,
  direction: 'asc' | 'desc',
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return items.sort((a, b) => sign * (key(a) - key(b) || tie(a) - tie(b)));
}
