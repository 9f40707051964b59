import type { OrgModel } from '../pagerduty/model.ts';
import type { GitHubScale } from './model.ts';

/**
 * The default organisation follows the PagerDuty one: one repo per team's API service plus a few more (the
 * teams count + 1 services, at most all of them), one repo without a service, and a deploy every ~3 days of
 * history per repo. Small (4 teams, 180 days): 6 repos × 60 deploys, 360 pull requests.
 */
export function defaultGitHubScale(org: OrgModel, days: number): GitHubScale {
  const repos = Math.min(org.services.length, org.teams.length + 1) + 1;
  const deploysPerRepo = Math.max(1, Math.round(days / 3));
  return { repos, deploysPerRepo, pullsTotal: repos * deploysPerRepo };
}

export function resolveGitHubScale(scale: GitHubScale | undefined, org: OrgModel, days: number): GitHubScale {
  if (scale === undefined) return defaultGitHubScale(org, days);
  if (!Number.isInteger(scale.repos) || scale.repos < 1 || scale.repos > 500) {
    throw new RangeError('githubScale.repos must be an integer between 1 and 500');
  }
  if (!Number.isInteger(scale.deploysPerRepo) || scale.deploysPerRepo < 1 || scale.deploysPerRepo > 100_000) {
    throw new RangeError('githubScale.deploysPerRepo must be an integer between 1 and 100,000');
  }
  if (!Number.isInteger(scale.pullsTotal) || scale.pullsTotal < 0 || scale.pullsTotal > 1_000_000) {
    throw new RangeError('githubScale.pullsTotal must be an integer between 0 and 1,000,000');
  }
  return { repos: scale.repos, deploysPerRepo: scale.deploysPerRepo, pullsTotal: scale.pullsTotal };
}
