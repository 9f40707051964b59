import { nodeId } from '../ids.ts';
import {
  type GitHubWorld,
  type IssueModel,
  type MilestoneModel,
  type PullModel,
  type RepoModel,
  userOf,
} from '../model.ts';
import { issueStateAt, milestoneStateAt, pullStateAt } from '../state.ts';
import { labelsOf, type RenderBase, renderUser, repoApi, repoWeb, time, timeOrNull } from './common.ts';

/** A milestone with the keys of GitHub's `milestone-items` example, in its order; counts are as of now. */
export function renderMilestone(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  m: MilestoneModel,
  now: number,
) {
  const api = repoApi(base, repo);
  const s = milestoneStateAt(world, m, now);
  return {
    url: `${api}/milestones/${m.number}`,
    html_url: `${repoWeb(repo)}/milestone/${m.number}`,
    labels_url: `${api}/milestones/${m.number}/labels`,
    id: m.id,
    node_id: nodeId('Milestone', m.id),
    number: m.number,
    state: s.state,
    title: m.title,
    description: m.description,
    creator: renderUser(base, userOf(world, m.creator)),
    open_issues: s.openIssues,
    closed_issues: s.closedIssues,
    created_at: time(m.createdAt),
    updated_at: time(s.updatedAt),
    closed_at: timeOrNull(s.closedAt),
    due_on: time(m.dueOn),
  };
}

function issueUrls(base: RenderBase, repo: RepoModel, number: number) {
  const api = `${repoApi(base, repo)}/issues/${number}`;
  return {
    url: api,
    repository_url: repoApi(base, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
  };
}

/**
 * An issue with the keys of GitHub's `issue-items` example, in its order. Pull requests are issues too: in
 * issue lists they carry a `pull_request` key (and their issue id, not their PR id).
 */
export function renderIssue(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  i: IssueModel,
  now: number,
  milestoneOf: (index: number) => unknown,
) {
  const s = issueStateAt(i, now);
  const assignee = i.assignee === null ? null : renderUser(base, userOf(world, i.assignee));
  return {
    id: i.id,
    node_id: nodeId('Issue', i.id),
    ...issueUrls(base, repo, i.number),
    html_url: `${repoWeb(repo)}/issues/${i.number}`,
    number: i.number,
    state: s.state,
    title: i.title,
    body: i.body,
    user: renderUser(base, userOf(world, i.author)),
    pinned_comment: null,
    labels: labelsOf(base, repo, i.labels),
    assignee,
    assignees: assignee === null ? [] : [assignee],
    milestone: i.milestone === null ? null : milestoneOf(i.milestone),
    locked: false,
    active_lock_reason: null,
    comments: (i.number * 7) % 5,
    closed_at: timeOrNull(s.closedAt),
    created_at: time(i.createdAt),
    updated_at: time(s.updatedAt),
    closed_by: s.closedAt === null ? null : renderUser(base, userOf(world, i.assignee ?? i.author)),
    author_association: 'MEMBER',
    state_reason: s.closedAt === null ? null : i.stateReason,
  };
}

/** A pull request as it appears in `/issues` lists. */
export function renderPullAsIssue(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  p: PullModel,
  now: number,
) {
  const s = pullStateAt(p, now);
  const web = `${repoWeb(repo)}/pull/${p.number}`;
  return {
    id: p.issueId,
    node_id: nodeId('Issue', p.issueId),
    ...issueUrls(base, repo, p.number),
    html_url: web,
    number: p.number,
    state: s.state,
    title: p.title,
    body: p.body,
    user: renderUser(base, userOf(world, p.author)),
    pinned_comment: null,
    labels: labelsOf(base, repo, p.labels),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: (p.number * 3) % 4,
    pull_request: {
      url: `${repoApi(base, repo)}/pulls/${p.number}`,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
    },
    closed_at: timeOrNull(s.closedAt),
    created_at: time(p.createdAt),
    updated_at: time(s.updatedAt),
    closed_by: s.closedAt === null ? null : renderUser(base, userOf(world, p.author)),
    author_association: 'MEMBER',
    state_reason: null,
  };
}
