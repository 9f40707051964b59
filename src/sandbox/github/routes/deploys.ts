import { notFound } from '../errors.ts';
import type { RepoModel } from '../model.ts';
import { renderDeployment, renderStatus } from '../render/deployment.ts';
import { renderRelease } from '../render/release.ts';
import { visibleStatuses } from '../state.ts';
import { listPage, type RouteContext, type RouteResult } from './context.ts';

const DOCS = 'https://docs.github.com/rest/deployments';

/** The canonical list URL GitHub puts in `Link` headers of repository lists. */
export const repoTarget = (ctx: RouteContext, repo: RepoModel, rest: string) =>
  `${ctx.base.api}/repositories/${repo.id}${rest}`;

/**
 * `GET /repos/{owner}/{repo}/deployments`: newest first (by id), filters `sha`, `ref`, `task`, `environment`
 * (exact match); there is no `since`.
 */
export function listDeployments(ctx: RouteContext, repo: RepoModel): RouteResult {
  const { query, now, world } = ctx;
  const filters = (['sha', 'ref', 'task', 'environment'] as const).flatMap((name) => {
    const value = query.get(name);
    return value === null || value === '' ? [] : [[name, value] as const];
  });
  const all = world.data[repo.index]!.deployments;
  const selected = [];
  for (let k = all.length - 1; k >= 0; k--) {
    const d = all[k]!;
    if (d.createdAt > now) continue;
    const fields = { sha: d.sha, ref: d.ref, task: 'deploy', environment: d.environment };
    if (filters.every(([name, value]) => fields[name] === value)) selected.push(d);
  }
  return listPage(ctx, repoTarget(ctx, repo, '/deployments'), selected, (d) =>
    renderDeployment(world, ctx.base, repo, d, now),
  );
}

/** `GET /repos/{owner}/{repo}/deployments/{id}/statuses`: newest first. */
export function listDeploymentStatuses(ctx: RouteContext, repo: RepoModel, rawId: string): RouteResult {
  const d = /^\d+$/.test(rawId) ? ctx.world.deploymentsById.get(Number(rawId)) : undefined;
  if (!d || d.repo !== repo.index || d.createdAt > ctx.now) {
    throw notFound(`${DOCS}/statuses#list-deployment-statuses`);
  }
  const statuses = visibleStatuses(d, ctx.now).reverse();
  return listPage(ctx, repoTarget(ctx, repo, `/deployments/${d.id}/statuses`), statuses, (s) =>
    renderStatus(ctx.world, ctx.base, repo, d, s),
  );
}

/**
 * `GET /repos/{owner}/{repo}/releases`: drafts included (the sandbox token has push access), newest first by
 * `created_at` (the tagged commit's date), then by id.
 */
export function listReleases(ctx: RouteContext, repo: RepoModel): RouteResult {
  const { world, now } = ctx;
  const selected = world.data[repo.index]!.releases.filter((r) => r.visibleAt <= now).sort(
    (a, b) => b.commitAt - a.commitAt || b.id - a.id,
  );
  return listPage(ctx, repoTarget(ctx, repo, '/releases'), selected, (r) =>
    renderRelease(world, ctx.base, repo, r, now),
  );
}
