import type {
  DeploymentModel,
  DeploymentState,
  GitHubWorld,
  IssueModel,
  MilestoneModel,
  PullModel,
  ReleaseModel,
  StatusModel,
} from './model.ts';

/** Each object as GitHub shows it at one instant: only what happened at or before `now` exists. */

export function visibleStatuses(d: DeploymentModel, now: number): StatusModel[] {
  let end = 0;
  while (end < d.statuses.length && d.statuses[end]!.at <= now) end++;
  return d.statuses.slice(0, end);
}

/** The latest status; a deployment created in the last two seconds has none yet and reads as pending. */
export function deploymentStateAt(d: DeploymentModel, now: number): DeploymentState {
  return visibleStatuses(d, now).at(-1)?.state ?? 'pending';
}

export function deploymentUpdatedAt(d: DeploymentModel, now: number): number {
  return visibleStatuses(d, now).at(-1)?.at ?? d.createdAt;
}

export const isPublished = (r: ReleaseModel, now: number) => r.publishedAt !== null && r.publishedAt <= now;

const upTo = (t: number | null, now: number) => (t !== null && t <= now ? t : null);

export interface PullState {
  state: 'open' | 'closed';
  closedAt: number | null;
  mergedAt: number | null;
  updatedAt: number;
}

export function pullStateAt(p: PullModel, now: number): PullState {
  const closedAt = upTo(p.closedAt, now);
  const mergedAt = upTo(p.mergedAt, now);
  const late = upTo(p.lateUpdateAt, now);
  return {
    state: closedAt === null ? 'open' : 'closed',
    closedAt,
    mergedAt,
    updatedAt: Math.max(p.createdAt, closedAt ?? 0, late ?? 0),
  };
}

export interface IssueState {
  state: 'open' | 'closed';
  closedAt: number | null;
  updatedAt: number;
}

export function issueStateAt(i: IssueModel, now: number): IssueState {
  const closedAt = upTo(i.closedAt, now);
  return {
    state: closedAt === null ? 'open' : 'closed',
    closedAt,
    updatedAt: Math.max(i.createdAt, closedAt ?? 0),
  };
}

export interface MilestoneState {
  state: 'open' | 'closed';
  closedAt: number | null;
  openIssues: number;
  closedIssues: number;
  updatedAt: number;
}

export function milestoneStateAt(world: GitHubWorld, m: MilestoneModel, now: number): MilestoneState {
  const closedAt = upTo(m.closedAt, now);
  let openIssues = 0;
  let closedIssues = 0;
  let updatedAt = Math.max(m.createdAt, closedAt ?? 0);
  const milestoneIndex = m.number - 1;
  for (const issue of world.data[m.repo]!.issues) {
    if (issue.milestone !== milestoneIndex || issue.createdAt > now) continue;
    const s = issueStateAt(issue, now);
    if (s.state === 'open') openIssues++;
    else closedIssues++;
    updatedAt = Math.max(updatedAt, s.updatedAt);
  }
  return { state: closedAt === null ? 'open' : 'closed', closedAt, openIssues, closedIssues, updatedAt };
}

export interface RepoState {
  pushedAt: number;
  updatedAt: number;
  openIssues: number;
}

/** Pushes are merges; open_issues_count counts open issues and open pull requests, as GitHub does. */
export function repoStateAt(world: GitHubWorld, repo: number, now: number): RepoState {
  const data = world.data[repo]!;
  let pushedAt = world.repos[repo]!.createdAt;
  let openIssues = 0;
  for (const p of data.pulls) {
    if (p.createdAt > now) continue;
    const s = pullStateAt(p, now);
    if (s.mergedAt !== null) pushedAt = Math.max(pushedAt, s.mergedAt);
    if (s.state === 'open') openIssues++;
  }
  for (const i of data.issues) if (i.createdAt <= now && issueStateAt(i, now).state === 'open') openIssues++;
  return { pushedAt, updatedAt: pushedAt, openIssues };
}
