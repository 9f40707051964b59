import type { SandboxClock } from '../clock.ts';
import type { FaultRegistry } from '../faults.ts';
import type { Mount } from '../http.ts';
import { FUTURE_SPAN } from '../pagerduty/generator/arrivals.ts';
import type { PagerDutyWorld } from '../pagerduty/model.ts';
import { DAY } from '../time.ts';
import { generateGitHubWorld } from './generator/index.ts';
import { type GitHubScale, type GitHubWorld, ORG_LOGIN } from './model.ts';
import { createGitHubMount, ENTERPRISE_PATH, GITHUB_PREFIX } from './router.ts';
import type { RepoAccess } from './routes/context.ts';
import { resolveGitHubScale } from './scale.ts';
import { GitHubStats, type GitHubStatsSnapshot } from './stats.ts';
import { computeGitHubTruth, type GitHubTruth } from './truth.ts';

export const DEFAULT_GITHUB_TOKEN = 'sandbox-github-token';
export const DEFAULT_GITHUB_RATE_LIMIT = 5000;

export interface GitHubSandboxOptions {
  pd: PagerDutyWorld;
  seed: number;
  days: number;
  now: number;
  clock: SandboxClock;
  faults: FaultRegistry;
  token?: string;
  rateLimit?: number | null;
  rateLimitWindowSeconds?: number;
  scale?: GitHubScale;
}

/** What `Sandbox.github` exposes. */
export interface GitHubSandbox {
  /** `${url}/github`: api.github.com style. */
  apiUrl: string;
  /** `${url}/github/api/v3`: GitHub Enterprise Server style, same data. */
  enterpriseApiUrl: string;
  token: string;
  org: string;
  truth(): GitHubTruth;
  /** Requests to the GitHub mount so far, by route and status (304s included, which cost no rate limit). */
  stats(): GitHubStatsSnapshot;
  resetStats(): void;
  /**
   * Makes a repository (`payments-api` or `acme/payments-api`) disappear (`missing`: 404 everywhere, gone from
   * the org list) or unreadable (`forbidden`: its metadata still reads, every list under it answers 403),
   * or restores it (`ok`).
   */
  setRepoAccess(repo: string, access: RepoAccess): void;
}

export interface GitHubPart {
  mount: Mount;
  facade(url: string): GitHubSandbox;
}

function validate(options: GitHubSandboxOptions): void {
  const limit = options.rateLimit;
  if (limit !== undefined && limit !== null && !(Number.isInteger(limit) && limit > 0)) {
    throw new RangeError('githubRateLimit must be a positive integer or null');
  }
  const window = options.rateLimitWindowSeconds;
  if (window !== undefined && !(window > 0 && window <= 86_400)) {
    throw new RangeError('githubRateLimitWindowSeconds must be between 1 and 86400');
  }
}

/** The GitHub part of the sandbox: its mount and its public face. The organisation is generated on first use. */
export function createGitHubPart(options: GitHubSandboxOptions): GitHubPart {
  validate(options);
  const scale = resolveGitHubScale(options.scale, options.pd.org, options.days);
  const token = options.token ?? DEFAULT_GITHUB_TOKEN;
  const stats = new GitHubStats();
  const access = new Map<string, RepoAccess>();
  let world: GitHubWorld | undefined;
  const organisation = () => {
    world ??= generateGitHubWorld(options.pd, options.seed, scale, {
      from: options.now - options.days * DAY,
      now: options.now,
      to: options.now + FUTURE_SPAN,
      days: options.days,
    });
    return world;
  };
  const mount = createGitHubMount({
    world: organisation,
    clock: options.clock,
    token,
    rateLimit: options.rateLimit === undefined ? DEFAULT_GITHUB_RATE_LIMIT : options.rateLimit,
    rateLimitWindowMs: (options.rateLimitWindowSeconds ?? 3600) * 1000,
    faults: options.faults,
    stats,
    access: (repo) => access.get(repo.name) ?? 'ok',
  });
  return {
    mount,
    facade: (url) => ({
      apiUrl: `${url}${GITHUB_PREFIX}`,
      enterpriseApiUrl: `${url}${GITHUB_PREFIX}${ENTERPRISE_PATH}`,
      token,
      org: ORG_LOGIN,
      truth: () => computeGitHubTruth(organisation(), options.clock.nowMs()),
      stats: () => stats.snapshot(),
      resetStats: () => stats.reset(),
      setRepoAccess(repo, state) {
        const name = repo.toLowerCase().replace(new RegExp(`^${ORG_LOGIN}/`), '');
        if (!organisation().repos.some((r) => r.name === name)) {
          throw new RangeError(`no repository '${repo}' in the sandbox organisation '${ORG_LOGIN}'`);
        }
        if (state === 'ok') access.delete(name);
        else access.set(name, state);
      },
    }),
  };
}
