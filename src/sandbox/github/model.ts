/**
 * The generated GitHub organisation. It is derived from the PagerDuty world (same seed, same clock): repos map
 * to PagerDuty services, people are PagerDuty users with GitHub logins, and some deploys are placed hours
 * before incidents on the same service. Everything is stored over the full timeline (past and future);
 * `state.ts` decides what is visible at the sandbox clock's "now".
 */
import type { PagerDutyWorld } from '../pagerduty/model.ts';

export const ORG_LOGIN = 'acme';
export const ORG_NAME = 'Acme Corp';
export const ORG_ID = 98_765_432;
export const DEFAULT_BRANCH = 'main';
export const ACTION_ITEM_LABEL = 'action-item';
export const PRODUCTION = 'production';
export const STAGING = 'staging';
/** Web links (`html_url`) point at github.com like real payloads; API links follow the request's base URL. */
export const WEB_BASE = 'https://github.com';

/** REST API versions GitHub accepts in `X-GitHub-Api-Version`; the first is the default. */
export const API_VERSIONS = ['2022-11-28', '2026-03-10'] as const;
/** Version 2026-03-10 removed `merge_commit_sha` and `assignee` from pull requests and `rate` from /rate_limit. */
export const API_VERSION_2026 = '2026-03-10';

export type DeployKind = 'deployments' | 'releases' | 'merges';
export type DeploymentState = 'pending' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';
export type TerminalState = 'success' | 'failure' | 'error';

/** `creator`/`author` value meaning `github-actions[bot]`. */
export const BOT = -1;

export interface GitHubUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface LabelModel {
  id: number;
  name: string;
  description: string;
  color: string;
  default: boolean;
}

export interface RepoModel {
  index: number;
  id: number;
  name: string;
  fullName: string;
  /** PagerDuty service index, or null for a repository that runs no service. */
  service: number | null;
  /** PagerDuty team index of the owning team. */
  team: number;
  kind: DeployKind;
  createdAt: number;
  description: string;
  language: string;
  labels: LabelModel[];
}

export interface StatusModel {
  id: number;
  state: DeploymentState;
  at: number;
  description: string;
  /** User index or BOT. */
  creator: number;
}

export interface DeploymentModel {
  repo: number;
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: number;
  creator: number;
  description: string;
  /** In time order. */
  statuses: StatusModel[];
  outcome: TerminalState;
  /** When the terminal status (success, failure or error) is posted. */
  finishedAt: number;
  /** Set when a later production deploy redeployed an older sha over this one: that deploy's creation time. */
  rolledBackAt: number | null;
  isRollback: boolean;
}

export interface ReleaseModel {
  repo: number;
  id: number;
  tag: string;
  name: string;
  body: string;
  sha: string;
  /** `created_at`: GitHub shows the date of the tagged commit, not when the release was drafted or published. */
  commitAt: number;
  /** When the release (or its draft) first appears in the list. */
  visibleAt: number;
  /** Null for a draft that is never published. */
  publishedAt: number | null;
  prerelease: boolean;
  author: number;
}

export interface PullModel {
  repo: number;
  id: number;
  /** PRs are issues too: the id they carry in `/issues` lists differs from the PR id. */
  issueId: number;
  number: number;
  title: string;
  body: string;
  author: number;
  createdAt: number;
  closedAt: number | null;
  mergedAt: number | null;
  /** The merge commit once merged; before that (and for PRs closed unmerged) GitHub's test-merge commit. */
  mergeSha: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  labels: string[];
  /** A later edit (label, comment) that moves `updated_at` after closing. */
  lateUpdateAt: number | null;
  draft: boolean;
  /** For merges to the default branch: when a revert of it was merged (it was rolled back). */
  revertedAt: number | null;
  /** Index (in the repo's pulls) of the PR this one reverts. */
  revertOf: number | null;
  /** Index (in the repo's issues) of the action item this PR fixes. */
  fixesIssue: number | null;
}

export interface IssueModel {
  repo: number;
  id: number;
  number: number;
  title: string;
  body: string;
  author: number;
  createdAt: number;
  closedAt: number | null;
  stateReason: 'completed' | 'not_planned' | null;
  labels: string[];
  /** Index in the repo's milestones. */
  milestone: number | null;
  assignee: number | null;
  actionItem: boolean;
  /** The PagerDuty incident an action item follows up. */
  incidentId: string | null;
}

export interface MilestoneModel {
  repo: number;
  id: number;
  number: number;
  title: string;
  description: string;
  createdAt: number;
  /** Midnight America/Los_Angeles of the due day, as GitHub stores it (07:00 or 08:00 UTC). */
  dueOn: number;
  closedAt: number;
  creator: number;
}

export interface RepoData {
  /** By creation time (= id order). */
  deployments: DeploymentModel[];
  releases: ReleaseModel[];
  /** By number. */
  pulls: PullModel[];
  issues: IssueModel[];
  milestones: MilestoneModel[];
}

export interface GitHubScale {
  repos: number;
  deploysPerRepo: number;
  pullsTotal: number;
}

export interface GitHubWorld {
  seed: number;
  pd: PagerDutyWorld;
  /** Index = PagerDuty user index. */
  users: GitHubUser[];
  bot: GitHubUser;
  repos: RepoModel[];
  data: RepoData[];
  deploymentsById: Map<number, DeploymentModel>;
}

export function userOf(world: GitHubWorld, index: number): GitHubUser {
  return index === BOT ? world.bot : world.users[index]!;
}
