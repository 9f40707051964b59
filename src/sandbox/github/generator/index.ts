import type { PagerDutyWorld } from '../../pagerduty/model.ts';
import { deriveSeed, mix32 } from '../../prng.ts';
import { IdBase } from '../ids.ts';
import type {
  DeploymentModel,
  GitHubScale,
  GitHubWorld,
  IssueModel,
  PullModel,
  ReleaseModel,
  RepoData,
  RepoModel,
} from '../model.ts';
import type { RepoContext } from './context.ts';
import { generateDeployments } from './deployments.ts';
import { generateIssues, type IncidentRef } from './issues.ts';
import { finishPull, generatePulls } from './pulls.ts';
import { generateReleases } from './releases.ts';
import { makeRepos, makeUsers } from './repos.ts';
import { type Span, withFuture } from './timing.ts';

export type { Span } from './timing.ts';

function incidentsByService(pd: PagerDutyWorld): Map<number, IncidentRef[]> {
  const store = pd.incidents;
  const out = new Map<number, IncidentRef[]>();
  for (let i = 0; i < store.count; i++) {
    const service = store.service[i]!;
    const list = out.get(service) ?? [];
    out.set(service, list);
    list.push({
      id: store.ids[i]!,
      title: store.title[i]!,
      createdAt: store.createdAt[i]!,
      resolvedAt: store.resolvedAt[i]!,
      severity: store.severity[i]!,
    });
  }
  return out;
}

/** Issue and PR numbers share one sequence per repo, in creation order; ids are set later, globally. */
function numberItems(
  ctx: RepoContext,
  drafts: ReturnType<typeof generatePulls>,
  issueDrafts: ReturnType<typeof generateIssues>['issues'],
): { pulls: PullModel[]; issues: IssueModel[] } {
  const pulls = drafts.map((d, k) => finishPull(d, ctx, k));
  const issues: IssueModel[] = issueDrafts.map((d) => ({
    repo: d.repo,
    id: 0,
    number: 0,
    title: d.title,
    body: d.body,
    author: d.author,
    createdAt: d.createdAt,
    closedAt: d.closedAt,
    stateReason: d.stateReason,
    labels: d.labels,
    milestone: d.milestone,
    assignee: d.assignee,
    actionItem: d.actionItem,
    incidentId: d.incidentId,
  }));
  const items = [
    ...issues.map((item) => ({ at: item.createdAt, item })),
    ...pulls.map((item) => ({ at: item.createdAt, item })),
  ].sort((a, b) => a.at - b.at);
  items.forEach((entry, k) => {
    entry.item.number = k + 1;
  });
  const repoName = ctx.repo.fullName;
  for (const pull of pulls) {
    if (pull.revertOf !== null) {
      const original = pulls[pull.revertOf]!;
      pull.headRef = `revert-${original.number}-${original.headRef}`;
      pull.body = `Reverts ${repoName}#${original.number}`;
    }
    if (pull.fixesIssue !== null) pull.body = `Fixes #${issues[pull.fixesIssue]!.number}`;
  }
  // Cross references become positions in the number-ordered lists.
  const sortedPulls = [...pulls].sort((a, b) => a.number - b.number);
  const sortedIssues = [...issues].sort((a, b) => a.number - b.number);
  const pullPosition = new Map(sortedPulls.map((p, k) => [p, k]));
  const issuePosition = new Map(sortedIssues.map((p, k) => [p, k]));
  for (const pull of sortedPulls) {
    if (pull.revertOf !== null) pull.revertOf = pullPosition.get(pulls[pull.revertOf]!)!;
    if (pull.fixesIssue !== null) pull.fixesIssue = issuePosition.get(issues[pull.fixesIssue]!)!;
  }
  return { pulls: sortedPulls, issues: sortedIssues };
}

function assignIds<T>(
  items: T[],
  time: (t: T) => number,
  base: number,
  set: (t: T, id: number) => void,
): void {
  items
    .map((item, k) => ({ item, k }))
    .sort((a, b) => time(a.item) - time(b.item) || a.k - b.k)
    .forEach((entry, n) => {
      set(entry.item, base + n);
    });
}

function globalIds(data: RepoData[]): Map<number, DeploymentModel> {
  const deployments = data.flatMap((d) => d.deployments);
  assignIds(
    deployments,
    (d) => d.createdAt,
    IdBase.deployment,
    (d, id) => {
      d.id = id;
    },
  );
  const byId = new Map<number, DeploymentModel>();
  for (const d of deployments) {
    byId.set(d.id, d);
    const slot = (d.id - IdBase.deployment) * 8;
    d.statuses.forEach((s, j) => {
      s.id = IdBase.deploymentStatus + slot + j;
    });
  }
  assignIds<ReleaseModel>(
    data.flatMap((d) => d.releases),
    (r) => r.visibleAt,
    IdBase.release,
    (r, id) => {
      r.id = id;
    },
  );
  assignIds<PullModel>(
    data.flatMap((d) => d.pulls),
    (p) => p.createdAt,
    IdBase.pull,
    (p, id) => {
      p.id = id;
    },
  );
  const issueLike: Array<PullModel | IssueModel> = data.flatMap((d) => [...d.issues, ...d.pulls]);
  assignIds(
    issueLike,
    (i) => i.createdAt,
    IdBase.issue,
    (i, id) => {
      if ('issueId' in i) i.issueId = id;
      else i.id = id;
    },
  );
  data.forEach((d, r) => {
    d.milestones.forEach((m, k) => {
      m.id = IdBase.milestone + r * 10_000 + k;
    });
  });
  return byId;
}

/**
 * The whole GitHub organisation, deterministic for (seed, PagerDuty world, scale, span). Near "now" a few
 * things are forced so that every sandbox shows change as the clock moves: a deployment in progress (first
 * Deployments-API repo with a service), a draft release published 30 minutes later, an open PR merged an hour
 * later (merges repo).
 */
export function generateGitHubWorld(
  pd: PagerDutyWorld,
  seed: number,
  scale: GitHubScale,
  span: Span,
): GitHubWorld {
  const { users, bot } = makeUsers(pd.org);
  const repos: RepoModel[] = makeRepos(seed, pd.org, scale.repos, span.from);
  const members = pd.org.teams.map((_, t) =>
    pd.org.users.flatMap((u, i) => (u.teams.includes(t) ? [i] : [])),
  );
  const incidents = incidentsByService(pd);
  const hasMerges = repos.some((r) => r.kind === 'merges');
  const mergesShare = hasMerges ? Math.round(scale.deploysPerRepo * 1.2) : 0;
  const others = repos.length - (hasMerges ? 1 : 0);
  const pullsPerRepo = others > 0 ? Math.max(0, Math.round((scale.pullsTotal - mergesShare) / others)) : 0;
  const inProgressRepo = repos.find((r) => r.kind === 'deployments' && r.service !== null)?.index;

  const data: RepoData[] = repos.map((repo) => {
    const serviceIncidents = repo.service === null ? [] : (incidents.get(repo.service) ?? []);
    const ctx: RepoContext = {
      seed,
      repo,
      serviceName: repo.service === null ? null : pd.org.services[repo.service]!.name,
      span,
      incidentTimes: serviceIncidents.map((i) => i.createdAt),
      members: members[repo.team]!,
      changes: scale.deploysPerRepo,
      shaKey: mix32(deriveSeed(seed, 150, repo.index)),
    };
    const deployments =
      repo.kind === 'deployments' ? generateDeployments(ctx, repo.index === inProgressRepo) : [];
    const releases = repo.kind === 'releases' ? generateReleases(ctx, true) : [];
    const { milestones, issues, fixes } = generateIssues(ctx, serviceIncidents);
    const pullCount = withFuture(pullsPerRepo, span);
    const drafts = generatePulls(ctx, pullCount, repo.kind === 'merges', fixes);
    const numbered = numberItems(ctx, drafts, issues);
    return { deployments, releases, pulls: numbered.pulls, issues: numbered.issues, milestones };
  });
  const deploymentsById = globalIds(data);
  return { seed, pd, users, bot, repos, data, deploymentsById };
}
