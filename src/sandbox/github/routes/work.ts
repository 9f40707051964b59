import type { IssueModel, MilestoneModel, PullModel, RepoModel } from '../model.ts';
import { renderIssue, renderMilestone, renderPullAsIssue } from '../render/issue.ts';
import { renderPull } from '../render/pull.ts';
import { issueStateAt, milestoneStateAt, pullStateAt } from '../state.ts';
import {
  directionParam,
  enumParam,
  listPage,
  type RouteContext,
  type RouteResult,
  sinceParam,
  sortBy,
} from './context.ts';
import { repoTarget } from './deploys.ts';

const STATES = ['open', 'closed', 'all'] as const;
/** Comment counts are not modelled; these stand-ins match the `comments` the issue payloads show. */
const commentsOfPull = (p: PullModel) => (p.number * 3) % 4;
const commentsOfIssue = (i: IssueModel) => (i.number * 7) % 5;

/**
 * `GET /repos/{owner}/{repo}/pulls`: `state` open|closed|all (open), `base`, `head` (`owner:ref`), `sort`
 * created|updated|popularity|long-running (created), `direction` — desc when sorting by created (or by
 * default), asc otherwise, as GitHub documents: `sort=updated` without `direction` is OLDEST first.
 */
export function listPulls(ctx: RouteContext, repo: RepoModel): RouteResult {
  const { world, now, query } = ctx;
  const state = enumParam(ctx, 'PullRequest', 'state', STATES, 'open');
  const sort = enumParam(
    ctx,
    'PullRequest',
    'sort',
    ['created', 'updated', 'popularity', 'long-running'] as const,
    'created',
  );
  const direction = directionParam(ctx, 'PullRequest', sort === 'created' ? 'desc' : 'asc');
  const base = query.get('base');
  const head = query.get('head');
  const selected = world.data[repo.index]!.pulls.filter((p) => {
    if (p.createdAt > now) return false;
    const s = pullStateAt(p, now);
    if (state !== 'all' && s.state !== state) return false;
    if (base && p.baseRef !== base) return false;
    return !head || head === `${repo.fullName.split('/')[0]}:${p.headRef}` || head === p.headRef;
  });
  const key =
    sort === 'updated'
      ? (p: PullModel) => pullStateAt(p, now).updatedAt
      : sort === 'popularity'
        ? commentsOfPull
        : (p: PullModel) => p.createdAt;
  sortBy(selected, key, (p) => p.number, direction);
  return listPage(ctx, repoTarget(ctx, repo, '/pulls'), selected, (p) =>
    renderPull(world, ctx.base, repo, p, now, ctx.repoPayload(repo), ctx.apiVersion),
  );
}

type IssueLike = { kind: 'issue'; item: IssueModel } | { kind: 'pull'; item: PullModel };

function hasLabels(names: string[], wanted: string[]): boolean {
  const lower = names.map((n) => n.toLowerCase());
  return wanted.every((w) => lower.includes(w));
}

/**
 * `GET /repos/{owner}/{repo}/issues`: pull requests included (with a `pull_request` key); `state` (open),
 * `labels` (comma-separated, all must match), `since` (updated at or after), `milestone` (number, `*`,
 * `none`), `assignee` / `creator` (login, `*`, `none`), `sort` created|updated|comments (created),
 * `direction` (desc).
 */
export function listIssues(ctx: RouteContext, repo: RepoModel): RouteResult {
  const { world, now, query } = ctx;
  const state = enumParam(ctx, 'Issue', 'state', STATES, 'open');
  const sort = enumParam(ctx, 'Issue', 'sort', ['created', 'updated', 'comments'] as const, 'created');
  const direction = directionParam(ctx, 'Issue', 'desc');
  const since = sinceParam(ctx, 'Issue');
  const labels = (query.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const milestone = query.get('milestone');
  const assignee = query.get('assignee');
  const creator = query.get('creator');
  const data = world.data[repo.index]!;
  const login = (u: number | null) => (u === null ? null : (world.users[u]?.login ?? null));
  const all: IssueLike[] = [
    ...data.issues.map((item) => ({ kind: 'issue' as const, item })),
    ...data.pulls.map((item) => ({ kind: 'pull' as const, item })),
  ];
  const updated = (x: IssueLike) =>
    x.kind === 'issue' ? issueStateAt(x.item, now).updatedAt : pullStateAt(x.item, now).updatedAt;
  const selected = all.filter((x) => {
    if (x.item.createdAt > now) return false;
    const open =
      x.kind === 'issue'
        ? issueStateAt(x.item, now).state === 'open'
        : pullStateAt(x.item, now).state === 'open';
    if (state !== 'all' && (state === 'open') !== open) return false;
    if (labels.length > 0 && !hasLabels(x.item.labels, labels)) return false;
    if (since !== null && updated(x) < since) return false;
    const ms = x.kind === 'issue' ? x.item.milestone : null;
    if (milestone === 'none' && ms !== null) return false;
    if (milestone === '*' && ms === null) return false;
    if (milestone && /^\d+$/.test(milestone) && (ms === null || ms + 1 !== Number(milestone))) return false;
    const who = x.kind === 'issue' ? login(x.item.assignee) : null;
    if (assignee === 'none' && who !== null) return false;
    if (assignee === '*' && who === null) return false;
    if (assignee && assignee !== '*' && assignee !== 'none' && who?.toLowerCase() !== assignee.toLowerCase())
      return false;
    return !creator || login(x.item.author)?.toLowerCase() === creator.toLowerCase();
  });
  const key =
    sort === 'updated'
      ? updated
      : sort === 'comments'
        ? (x: IssueLike) => (x.kind === 'issue' ? commentsOfIssue(x.item) : commentsOfPull(x.item))
        : (x: IssueLike) => x.item.createdAt;
  sortBy(selected, key, (x) => x.item.number, direction);
  const milestones = new Map<number, unknown>();
  const milestoneOf = (index: number) => {
    if (!milestones.has(index))
      milestones.set(index, renderMilestone(world, ctx.base, repo, data.milestones[index]!, now));
    return milestones.get(index);
  };
  return listPage(ctx, repoTarget(ctx, repo, '/issues'), selected, (x) =>
    x.kind === 'issue'
      ? renderIssue(world, ctx.base, repo, x.item, now, milestoneOf)
      : renderPullAsIssue(world, ctx.base, repo, x.item, now),
  );
}

/** `GET /repos/{owner}/{repo}/milestones`: `state` (open), `sort` due_on|completeness (due_on), `direction` (asc). */
export function listMilestones(ctx: RouteContext, repo: RepoModel): RouteResult {
  const { world, now } = ctx;
  const state = enumParam(ctx, 'Milestone', 'state', STATES, 'open');
  const sort = enumParam(ctx, 'Milestone', 'sort', ['due_on', 'completeness'] as const, 'due_on');
  const direction = directionParam(ctx, 'Milestone', 'asc');
  const completeness = (m: MilestoneModel) => {
    const s = milestoneStateAt(world, m, now);
    const total = s.openIssues + s.closedIssues;
    return total === 0 ? 0 : s.closedIssues / total;
  };
  const selected = world.data[repo.index]!.milestones.filter(
    (m) => m.createdAt <= now && (state === 'all' || milestoneStateAt(world, m, now).state === state),
  );
  sortBy(selected, sort === 'due_on' ? (m) => m.dueOn : completeness, (m) => m.number, direction);
  return listPage(ctx, repoTarget(ctx, repo, '/milestones'), selected, (m) =>
    renderMilestone(world, ctx.base, repo, m, now),
  );
}
