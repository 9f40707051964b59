import type { Stream } from '../stream.ts';
import { createGitHubClient, type GitHubClientOptions } from './client.ts';
import { defaultStreamOptions, type GitHubStreamOptions } from './options.ts';
import { GitHubSession } from './session.ts';
import { deploymentStatusesStream } from './streams/deployment-statuses.ts';
import { deploymentsStream } from './streams/deployments.ts';
import { issuesStream } from './streams/issues.ts';
import { milestonesStream } from './streams/milestones.ts';
import { pullsStream } from './streams/pulls.ts';
import { releasesStream } from './streams/releases.ts';
import { repositoriesStream } from './streams/repositories.ts';

export { qualifyRepository } from './catalog.ts';
export { createGitHubClient, GitHubClient, type GitHubClientOptions } from './client.ts';
export { ConditionalCache, type EtagEntry } from './conditional.ts';
export { GitHubCursor } from './cursor.ts';
export {
  type DeployKind,
  defaultStreamOptions,
  type GitHubStreamOptions,
  type RepositoryEntry,
} from './options.ts';
export { RepositoryUnavailableError } from './responses.ts';
export * from './schemas/index.ts';
export { GitHubSession, REPO_PREFIX } from './session.ts';
export { POLL_PREFIX } from './streams/deployment-statuses.ts';

/**
 * The GitHub streams in dependency order: repositories (resolves what every later stream reads), milestones,
 * deployments then their statuses, releases, pull requests, action-item issues.
 */
export function createGitHubStreams(session: GitHubSession): Array<Stream<unknown>> {
  return [
    repositoriesStream(session),
    milestonesStream(session),
    deploymentsStream(session),
    deploymentStatusesStream(session),
    releasesStream(session),
    pullsStream(session),
    issuesStream(session),
  ] as Array<Stream<unknown>>;
}

/** A client and a session over it, for one run. */
export function openGitHub(
  client: GitHubClientOptions,
  options: Partial<GitHubStreamOptions> = {},
): GitHubSession {
  return new GitHubSession(createGitHubClient(client), { ...defaultStreamOptions, ...options });
}
