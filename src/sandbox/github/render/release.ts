import { nodeId } from '../ids.ts';
import { type GitHubWorld, type ReleaseModel, type RepoModel, userOf } from '../model.ts';
import { isPublished } from '../state.ts';
import { type RenderBase, renderUser, repoApi, repoWeb, time } from './common.ts';

/**
 * A release with the keys of GitHub's `release-items` example, in its order. `created_at` is the date of the
 * tagged commit (GitHub documents it so), `published_at` is null while a draft; `target_commitish` is the
 * commit sha the release was cut from. Releases carry no assets here.
 */
export function renderRelease(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  r: ReleaseModel,
  now: number,
) {
  const api = repoApi(base, repo);
  const published = isPublished(r, now);
  const tagPath = published ? `tag/${r.tag}` : `tag/untagged-${r.sha.slice(0, 20)}`;
  return {
    url: `${api}/releases/${r.id}`,
    html_url: `${repoWeb(repo)}/releases/${tagPath}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    upload_url: `https://uploads.github.com/repos/${repo.fullName}/releases/${r.id}/assets{?name,label}`,
    tarball_url: published ? `${api}/tarball/${r.tag}` : null,
    zipball_url: published ? `${api}/zipball/${r.tag}` : null,
    id: r.id,
    node_id: nodeId('Release', r.id),
    tag_name: r.tag,
    target_commitish: r.sha,
    name: r.name,
    body: r.body,
    draft: !published,
    prerelease: r.prerelease,
    immutable: false,
    created_at: time(r.commitAt),
    published_at: published ? time(r.publishedAt!) : null,
    author: renderUser(base, userOf(world, r.author)),
    assets: [],
  };
}
