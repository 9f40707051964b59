import { notAccessible, notFound } from './errors.ts';
import { ORG_LOGIN, type RepoModel } from './model.ts';
import type { RateSnapshot } from './rate-limit.ts';
import type { RouteContext, RouteResult } from './routes/context.ts';
import { listDeploymentStatuses, listDeployments, listReleases } from './routes/deploys.ts';
import { listOrgRepos, rateLimitStatus } from './routes/org.ts';
import { listIssues, listMilestones, listPulls } from './routes/work.ts';

const DOCS = 'https://docs.github.com/rest';

export interface MatchedRoute {
  /** Route pattern for statistics, relative to the mount: `/repos/{owner}/{repo}/deployments`. */
  name: string;
  /** False for `/rate_limit`: it answers without ETag and costs nothing. */
  billable: boolean;
  run(ctx: RouteContext, core: RateSnapshot): RouteResult;
}

interface RepoSubRoute {
  pattern: RegExp;
  name: string;
  docs: string;
  handle(ctx: RouteContext, repo: RepoModel, params: string[]): RouteResult;
}

const REPO_ROUTES: RepoSubRoute[] = [
  {
    pattern: /^$/,
    name: '',
    docs: 'repos/repos#get-a-repository',
    handle: (ctx, repo) => ({ body: ctx.repoPayload(repo), link: null }),
  },
  {
    pattern: /^\/deployments$/,
    name: '/deployments',
    docs: 'deployments/deployments#list-deployments',
    handle: listDeployments,
  },
  {
    pattern: /^\/deployments\/([^/]+)\/statuses$/,
    name: '/deployments/{deployment_id}/statuses',
    docs: 'deployments/statuses#list-deployment-statuses',
    handle: (ctx, repo, [id]) => listDeploymentStatuses(ctx, repo, id!),
  },
  {
    pattern: /^\/releases$/,
    name: '/releases',
    docs: 'releases/releases#list-releases',
    handle: listReleases,
  },
  { pattern: /^\/pulls$/, name: '/pulls', docs: 'pulls/pulls#list-pull-requests', handle: listPulls },
  {
    pattern: /^\/issues$/,
    name: '/issues',
    docs: 'issues/issues#list-repository-issues',
    handle: listIssues,
  },
  {
    pattern: /^\/milestones$/,
    name: '/milestones',
    docs: 'issues/milestones#list-milestones',
    handle: listMilestones,
  },
];

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The repository a path names, by `owner/name` (case-insensitive, as GitHub) or by id. */
function findRepo(ctx: RouteContext, owner: string | null, name: string): RepoModel | undefined {
  const repos = ctx.world.repos;
  if (owner === null) return repos.find((r) => String(r.id) === name);
  if (owner.toLowerCase() !== ORG_LOGIN) return undefined;
  return repos.find((r) => r.name === name.toLowerCase());
}

function repoRoute(owner: string | null, name: string, rest: string): MatchedRoute {
  const sub = REPO_ROUTES.map((r) => ({ r, m: r.pattern.exec(rest) })).find((x) => x.m);
  return {
    name: sub ? `/repos/{owner}/{repo}${sub.r.name}` : '(unknown)',
    billable: true,
    run(ctx) {
      if (!sub?.m) throw notFound();
      const repo = findRepo(ctx, owner, name);
      const docs = `${DOCS}/${sub.r.docs}`;
      if (!repo || ctx.access(repo) === 'missing') throw notFound(docs);
      if (ctx.access(repo) === 'forbidden' && rest !== '') throw notAccessible(docs);
      return sub.r.handle(ctx, repo, sub.m.slice(1).map(safeDecode));
    },
  };
}

/** Maps a path (relative to the mount, without `/api/v3`) to its handler. */
export function matchRoute(path: string): MatchedRoute {
  if (path === '/rate_limit') return { name: '/rate_limit', billable: false, run: rateLimitStatus };
  const org = /^\/(?:orgs\/([^/]+)|organizations\/(\d+))\/repos$/.exec(path);
  if (org) {
    return {
      name: '/orgs/{org}/repos',
      billable: true,
      run: (ctx) => listOrgRepos(ctx, safeDecode(org[1] ?? org[2]!)),
    };
  }
  const byName = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (byName) return repoRoute(safeDecode(byName[1]!), safeDecode(byName[2]!), byName[3] ?? '');
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (byId) return repoRoute(null, byId[1]!, byId[2] ?? '');
  return {
    name: '(unknown)',
    billable: true,
    run() {
      throw notFound();
    },
  };
}
