import { DAY } from '../time.ts';
import {
  DEFAULT_BRANCH,
  type DeployKind,
  type DeploymentState,
  type GitHubWorld,
  ORG_LOGIN,
  PRODUCTION,
  type RepoModel,
} from './model.ts';
import { deploymentStateAt, isPublished, pullStateAt } from './state.ts';

export interface GitHubTruth {
  org: string;
  repos: Array<{
    fullName: string;
    /** PagerDuty service id; null for the repository that runs no service. */
    serviceId: string | null;
    serviceName: string | null;
    teamId: string;
    deployKind: DeployKind;
  }>;
  /**
   * Every deploy candidate visible now. Deployments API: every deployment (production and staging). Releases:
   * every listed release (environment `production`, or `prerelease`; drafts are `pending`). Merges: every PR
   * merged into the default branch (id = merge commit sha).
   */
  deploys: Array<{
    repo: string;
    id: string;
    sha: string;
    environment: string;
    createdAt: Date;
    finishedAt: Date | null;
    status: DeploymentState;
    /** A later production deploy redeployed an older sha over it (Deployments API), or it was reverted (merges). */
    rolledBack: boolean;
  }>;
  /** The default rule: the latest successful production deploy of the service finished within 24 h before detection. */
  incidentDeployLinks: Array<{ incidentId: string; repo: string; deployId: string; basis: 'window' }>;
  actionItems: Array<{
    repo: string;
    number: number;
    title: string;
    createdAt: Date;
    closedAt: Date | null;
    /** The milestone's due_on (null without a milestone). The due day is its UTC (= Pacific) calendar date. */
    dueOn: Date | null;
    milestone: string | null;
    assignee: string | null;
    labels: string[];
    /** The PagerDuty incident the item follows up (named in the issue body). */
    incidentId: string | null;
  }>;
  pulls: Array<{
    repo: string;
    number: number;
    createdAt: Date;
    closedAt: Date | null;
    mergedAt: Date | null;
    baseRef: string;
  }>;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** A successful production change of one repo: its finish time and the id the truth reports for it. */
interface Change {
  at: number;
  id: string;
  order: number;
}

/** Successful production changes of a repo that finished by `now`, ordered by finish time. */
export function productionChanges(world: GitHubWorld, repo: RepoModel, now: number): Change[] {
  const data = world.data[repo.index]!;
  const out: Change[] = [];
  if (repo.kind === 'deployments') {
    for (const d of data.deployments) {
      if (d.environment === PRODUCTION && d.outcome === 'success' && d.finishedAt <= now) {
        out.push({ at: d.finishedAt, id: String(d.id), order: d.id });
      }
    }
  } else if (repo.kind === 'releases') {
    for (const r of data.releases) {
      if (!r.prerelease && isPublished(r, now))
        out.push({ at: r.publishedAt!, id: String(r.id), order: r.id });
    }
  } else {
    for (const p of data.pulls) {
      if (p.baseRef === DEFAULT_BRANCH && p.mergedAt !== null && p.mergedAt <= now) {
        out.push({ at: p.mergedAt, id: p.mergeSha, order: p.id });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at || a.order - b.order);
}

function deploysOf(world: GitHubWorld, repo: RepoModel, now: number): GitHubTruth['deploys'] {
  const data = world.data[repo.index]!;
  const name = repo.fullName;
  if (repo.kind === 'deployments') {
    return data.deployments
      .filter((d) => d.createdAt <= now)
      .map((d) => ({
        repo: name,
        id: String(d.id),
        sha: d.sha,
        environment: d.environment,
        createdAt: new Date(d.createdAt),
        finishedAt: d.finishedAt <= now ? new Date(d.finishedAt) : null,
        status: deploymentStateAt(d, now),
        rolledBack: d.rolledBackAt !== null && d.rolledBackAt <= now,
      }));
  }
  if (repo.kind === 'releases') {
    return data.releases
      .filter((r) => r.visibleAt <= now)
      .map((r) => ({
        repo: name,
        id: String(r.id),
        sha: r.sha,
        environment: r.prerelease ? 'prerelease' : PRODUCTION,
        createdAt: new Date(r.commitAt),
        finishedAt: isPublished(r, now) ? new Date(r.publishedAt!) : null,
        status: isPublished(r, now) ? 'success' : 'pending',
        rolledBack: false,
      }));
  }
  return data.pulls
    .filter((p) => p.baseRef === DEFAULT_BRANCH && p.mergedAt !== null && p.mergedAt <= now)
    .map((p) => ({
      repo: name,
      id: p.mergeSha,
      sha: p.mergeSha,
      environment: PRODUCTION,
      createdAt: new Date(p.mergedAt!),
      finishedAt: new Date(p.mergedAt!),
      status: 'success',
      rolledBack: p.revertedAt !== null && p.revertedAt <= now,
    }));
}

/** Last index in `changes` with at <= t, or -1. */
function latestAtOrBefore(changes: Change[], t: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (changes[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function links(world: GitHubWorld, now: number): GitHubTruth['incidentDeployLinks'] {
  const byService = new Map<number, Array<{ repo: RepoModel; changes: Change[] }>>();
  for (const repo of world.repos) {
    if (repo.service === null) continue;
    const list = byService.get(repo.service) ?? [];
    list.push({ repo, changes: productionChanges(world, repo, now) });
    byService.set(repo.service, list);
  }
  const store = world.pd.incidents;
  const out: GitHubTruth['incidentDeployLinks'] = [];
  for (let i = 0; i < store.count && store.createdAt[i]! <= now; i++) {
    const detected = store.createdAt[i]!;
    let best: { repo: RepoModel; change: Change } | null = null;
    for (const { repo, changes } of byService.get(store.service[i]!) ?? []) {
      const change = changes[latestAtOrBefore(changes, detected)];
      if (!change || change.at < detected - DAY) continue;
      if (
        !best ||
        change.at > best.change.at ||
        (change.at === best.change.at && change.order > best.change.order)
      ) {
        best = { repo, change };
      }
    }
    if (best)
      out.push({
        incidentId: store.ids[i]!,
        repo: best.repo.fullName,
        deployId: best.change.id,
        basis: 'window',
      });
  }
  return out;
}

/** Ground truth as of `now`, read from the generator's model (never from rendered payloads). */
export function computeGitHubTruth(world: GitHubWorld, now: number): GitHubTruth {
  const { org } = world.pd;
  const login = (u: number | null) => (u === null ? null : world.users[u]!.login);
  return {
    org: ORG_LOGIN,
    repos: world.repos.map((r) => ({
      fullName: r.fullName,
      serviceId: r.service === null ? null : org.services[r.service]!.id,
      serviceName: r.service === null ? null : org.services[r.service]!.name,
      teamId: org.teams[r.team]!.id,
      deployKind: r.kind,
    })),
    deploys: world.repos.flatMap((r) => deploysOf(world, r, now)),
    incidentDeployLinks: links(world, now),
    actionItems: world.repos.flatMap((r) =>
      world.data[r.index]!.issues.filter((i) => i.actionItem && i.createdAt <= now).map((i) => {
        const milestone = i.milestone === null ? null : world.data[r.index]!.milestones[i.milestone]!;
        return {
          repo: r.fullName,
          number: i.number,
          title: i.title,
          createdAt: new Date(i.createdAt),
          closedAt: i.closedAt !== null && i.closedAt <= now ? new Date(i.closedAt) : null,
          dueOn: date(milestone?.dueOn ?? null),
          milestone: milestone?.title ?? null,
          assignee: login(i.assignee),
          labels: [...i.labels],
          incidentId: i.incidentId,
        };
      }),
    ),
    pulls: world.repos.flatMap((r) =>
      world.data[r.index]!.pulls.filter((p) => p.createdAt <= now).map((p) => {
        const s = pullStateAt(p, now);
        return {
          repo: r.fullName,
          number: p.number,
          createdAt: new Date(p.createdAt),
          closedAt: date(s.closedAt),
          mergedAt: date(s.mergedAt),
          baseRef: p.baseRef,
        };
      }),
    ),
  };
}
