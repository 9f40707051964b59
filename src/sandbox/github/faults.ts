import type { StatusFault } from '../faults.ts';
import { PRIMARY_LIMIT_BODY, SECONDARY_LIMIT_BODY } from './errors.ts';

/** Routes are relative to the `/github` mount (and apply to `/github/api/v3` too); every GitHub route by default. */
const ANY_GITHUB_ROUTE = /^\/(repos|repositories|orgs|organizations)\//;

export interface RateLimitFaultOptions {
  route?: string | RegExp;
  /** How many matching requests get it (default 1). */
  times?: number;
}

/**
 * GitHub's secondary rate limit: 403 with `retry-after` (seconds) and the documented body, which Octokit's
 * throttling plugin recognises by the words "secondary rate".
 */
export function githubSecondaryRateLimitFault(
  options: RateLimitFaultOptions & { retryAfterSeconds?: number } = {},
): StatusFault {
  return {
    route: options.route ?? ANY_GITHUB_ROUTE,
    status: 403,
    times: options.times ?? 1,
    body: SECONDARY_LIMIT_BODY,
    headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) },
  };
}

/**
 * An exhausted primary limit without waiting for the real one: 403 (or 429) with `x-ratelimit-remaining: 0`
 * and `x-ratelimit-reset` a few seconds from the moment the fault is created.
 */
export function githubPrimaryRateLimitFault(
  options: RateLimitFaultOptions & { status?: 403 | 429; resetInSeconds?: number } = {},
): StatusFault {
  const reset = Math.ceil(Date.now() / 1000) + (options.resetInSeconds ?? 1);
  return {
    route: options.route ?? ANY_GITHUB_ROUTE,
    status: options.status ?? 403,
    times: options.times ?? 1,
    body: PRIMARY_LIMIT_BODY,
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    },
  };
}
