import { nodeId } from '../ids.ts';
import {
  API_VERSION_2026,
  type GitHubWorld,
  ORG_LOGIN,
  type PullModel,
  type RepoModel,
  userOf,
} from '../model.ts';
import { pullStateAt } from '../state.ts';
import {
  labelsOf,
  type RenderBase,
  renderOrgOwner,
  renderUser,
  repoApi,
  repoWeb,
  time,
  timeOrNull,
} from './common.ts';

function branch(base: RenderBase, ref: string, sha: string, repoPayload: unknown) {
  return { label: `${ORG_LOGIN}:${ref}`, ref, sha, user: renderOrgOwner(base), repo: repoPayload };
}

/**
 * A pull request with the keys of GitHub's `pull-request-simple-items` example, in its order. `repoPayload` is
 * the repository as rendered for this request (embedded in head and base, as GitHub does).
 */
export function renderPull(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  p: PullModel,
  now: number,
  repoPayload: unknown,
  apiVersion: string,
) {
  const api = repoApi(base, repo);
  const self = `${api}/pulls/${p.number}`;
  const issue = `${api}/issues/${p.number}`;
  const web = `${repoWeb(repo)}/pull/${p.number}`;
  const s = pullStateAt(p, now);
  const payload: Record<string, unknown> = {
    url: self,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issue,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${api}/statuses/${p.headSha}`,
    number: p.number,
    state: s.state,
    locked: false,
    title: p.title,
    user: renderUser(base, userOf(world, p.author)),
    body: p.body,
    labels: labelsOf(base, repo, p.labels),
    milestone: null,
    active_lock_reason: null,
    created_at: time(p.createdAt),
    updated_at: time(s.updatedAt),
    closed_at: timeOrNull(s.closedAt),
    merged_at: timeOrNull(s.mergedAt),
    merge_commit_sha: p.mergeSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(base, p.headRef, p.headSha, repoPayload),
    base: branch(base, p.baseRef, p.baseSha, repoPayload),
    _links: {
      self: { href: self },
      html: { href: web },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: `${api}/statuses/${p.headSha}` },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: p.draft && s.state === 'open',
  };
  if (apiVersion === API_VERSION_2026) {
    delete payload.merge_commit_sha;
    delete payload.assignee;
  }
  return payload;
}
