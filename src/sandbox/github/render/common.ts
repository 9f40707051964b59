import { isoUtc } from '../../time.ts';
import { nodeId } from '../ids.ts';
import { type GitHubUser, type LabelModel, ORG_ID, ORG_LOGIN, type RepoModel, WEB_BASE } from '../model.ts';

/**
 * Where the request came in: `http://HOST/github` (api.github.com style) or `http://HOST/github/api/v3`
 * (Enterprise Server style). API links in payloads and in `Link` headers are built on it, so that a client may
 * follow them as it would on GitHub or GHES; web links (`html_url`) point at github.com.
 */
export interface RenderBase {
  api: string;
}

export const time = (ms: number) => isoUtc(ms);
export const timeOrNull = (ms: number | null) => (ms === null ? null : isoUtc(ms));

export function renderUser(base: RenderBase, user: Pick<GitHubUser, 'login' | 'id' | 'type'>) {
  const api = `${base.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${WEB_BASE}/${user.type === 'Bot' ? 'apps/github-actions' : user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    site_admin: false,
  };
}

export function renderOrgOwner(base: RenderBase) {
  return renderUser(base, { login: ORG_LOGIN, id: ORG_ID, type: 'Organization' });
}

export const repoApi = (base: RenderBase, repo: RepoModel) => `${base.api}/repos/${repo.fullName}`;
export const repoWeb = (repo: RepoModel) => `${WEB_BASE}/${repo.fullName}`;

export function renderLabel(base: RenderBase, repo: RepoModel, label: LabelModel) {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApi(base, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.default,
  };
}

export function labelsOf(base: RenderBase, repo: RepoModel, names: string[]) {
  return names.map((name) => renderLabel(base, repo, repo.labels.find((l) => l.name === name)!));
}
