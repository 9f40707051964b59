import { nodeId } from '../ids.ts';
import {
  type DeploymentModel,
  type GitHubWorld,
  PRODUCTION,
  type RepoModel,
  type StatusModel,
  userOf,
} from '../model.ts';
import { deploymentUpdatedAt } from '../state.ts';
import { type RenderBase, renderUser, repoApi, time } from './common.ts';

/** A deployment with the keys of GitHub's `deployment-items` example, in its order. */
export function renderDeployment(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  d: DeploymentModel,
  now: number,
) {
  const api = repoApi(base, repo);
  return {
    url: `${api}/deployments/${d.id}`,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: 'deploy',
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(base, userOf(world, d.creator)),
    created_at: time(d.createdAt),
    updated_at: time(deploymentUpdatedAt(d, now)),
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
    transient_environment: false,
    production_environment: d.environment === PRODUCTION,
  };
}

/** A deployment status with the keys of GitHub's `deployment-status-items` example, in its order. */
export function renderStatus(
  world: GitHubWorld,
  base: RenderBase,
  repo: RepoModel,
  d: DeploymentModel,
  s: StatusModel,
) {
  const api = repoApi(base, repo);
  const logUrl = `https://ci.opsledger-sandbox.example/${repo.fullName}/deployments/${d.id}`;
  return {
    url: `${api}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: renderUser(base, userOf(world, s.creator)),
    description: s.description,
    environment: d.environment,
    target_url: logUrl,
    created_at: time(s.at),
    updated_at: time(s.at),
    deployment_url: `${api}/deployments/${d.id}`,
    repository_url: api,
    environment_url:
      d.environment === PRODUCTION
        ? `https://${repo.name}.acme.example`
        : `https://${repo.name}.staging.acme.example`,
    log_url: logUrl,
  };
}
