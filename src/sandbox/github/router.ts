import type { SandboxClock } from '../clock.ts';
import type { FaultRegistry } from '../faults.ts';
import type { Mount, SandboxRequest, SandboxResponse } from '../http.ts';
import {
  badApiVersion,
  badCredentials,
  defaultGitHubErrorBody,
  GitHubError,
  notFound,
  PRIMARY_LIMIT_BODY,
} from './errors.ts';
import { etagOf, matchesIfNoneMatch } from './etag.ts';
import { API_VERSIONS, type GitHubWorld, type RepoModel } from './model.ts';
import { PrimaryRateLimiter, type RateSnapshot, rateHeaders } from './rate-limit.ts';
import { matchRoute } from './resolve.ts';
import { type RepoAccess, routeContext } from './routes/context.ts';
import type { GitHubStats } from './stats.ts';

export const GITHUB_PREFIX = '/github';
/** GitHub Enterprise Server serves the same API under `/api/v3`. */
export const ENTERPRISE_PATH = '/api/v3';

export interface GitHubMountOptions {
  /** Generated on first use, so runs that never touch GitHub do not pay for it. */
  world: () => GitHubWorld;
  clock: SandboxClock;
  token: string;
  /** Requests per window per token; null = no limit and no `x-ratelimit-*` headers. */
  rateLimit: number | null;
  rateLimitWindowMs: number;
  faults: FaultRegistry;
  stats: GitHubStats;
  access: (repo: RepoModel) => RepoAccess;
}

/** `Authorization: Bearer <token>` or `token <token>` (both schemes GitHub accepts for tokens). */
function presentedToken(request: SandboxRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

const EMPTY_SNAPSHOT: RateSnapshot = { limit: 0, used: 0, remaining: 0, reset: 0 };

const COMMON_HEADERS = {
  'cache-control': 'private, max-age=60, s-maxage=60',
  vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
  'x-github-media-type': 'github.v3; format=json',
};

/** Replaces `created_at` of one record (id kept) so a connector's schema check must quarantine it. */
function corruptOneRecord(body: unknown): boolean {
  if (!Array.isArray(body) || body.length === 0) return false;
  const k = Math.floor(body.length / 2);
  body[k] = { ...(body[k] as Record<string, unknown>), created_at: 'not-a-date' };
  return true;
}

/**
 * The GitHub REST mount (api.github.com style under `/github`, Enterprise Server style under
 * `/github/api/v3`): authentication, API version, injected faults, primary rate limit, the route, then ETag /
 * 304. Every answer is computed from the generated organisation as of the sandbox clock.
 */
export function createGitHubMount(options: GitHubMountOptions): Mount {
  const { clock, token, faults, stats } = options;
  const limiter =
    options.rateLimit === null ? null : new PrimaryRateLimiter(options.rateLimit, options.rateLimitWindowMs);

  let requestCount = 0;

  return {
    prefix: GITHUB_PREFIX,
    handle(request) {
      requestCount += 1;
      // GitHub tags every answer with a request id (Octokit logs it); a counter keeps runs reproducible.
      const requestId = `5A4D:${requestCount.toString(16).toUpperCase().padStart(8, '0')}`;
      const enterprise = request.path === ENTERPRISE_PATH || request.path.startsWith(`${ENTERPRISE_PATH}/`);
      const prefix = enterprise ? `${GITHUB_PREFIX}${ENTERPRISE_PATH}` : GITHUB_PREFIX;
      const path = enterprise ? request.path.slice(ENTERPRISE_PATH.length) || '/' : request.path;
      const route = matchRoute(path);
      const routeName = route.name.startsWith('/')
        ? `GET ${prefix}${route.name}`
        : `GET ${prefix} ${route.name}`;
      const respond = (
        status: number,
        body: unknown,
        headers: Record<string, string>,
        text?: string,
      ): SandboxResponse => {
        stats.record(routeName, status);
        return {
          status,
          body,
          text,
          headers: { ...COMMON_HEADERS, 'x-github-request-id': requestId, ...headers },
          route: routeName,
        };
      };

      const presented = presentedToken(request);
      if (presented === null || presented !== token) return respond(401, badCredentials().body, {});
      const versionHeader = request.headers['x-github-api-version'];
      const version = typeof versionHeader === 'string' ? versionHeader.trim() : API_VERSIONS[0];
      if (!(API_VERSIONS as readonly string[]).includes(version))
        return respond(400, badApiVersion(version).body, {});
      const versionHeaders = { 'x-github-api-version-selected': version };
      const rate = (consume: boolean) => {
        if (!limiter) return {};
        return rateHeaders(consume ? limiter.consume(presented) : limiter.peek(presented));
      };

      const fault = faults.takeStatus(path);
      if (fault) {
        return respond(fault.status, fault.body ?? defaultGitHubErrorBody(fault.status), {
          ...versionHeaders,
          ...rate(false),
          ...fault.headers,
        });
      }
      if (limiter && route.billable && limiter.exhausted(presented)) {
        return respond(403, PRIMARY_LIMIT_BODY, { ...versionHeaders, ...rate(false) });
      }

      const host = typeof request.headers.host === 'string' ? request.headers.host : '127.0.0.1';
      const base = { api: `http://${host}${prefix}` };
      try {
        if (request.method !== 'GET' && request.method !== 'HEAD') throw notFound();
        const world = options.world();
        const ctx = routeContext(world, clock.nowMs(), base, request.query, version, options.access);
        // GHES with rate limiting disabled answers /rate_limit so; the sandbox does the same without a limit.
        if (!limiter && !route.billable)
          throw new GitHubError(404, { message: 'Rate limiting is not enabled.' });
        const result = route.run(ctx, limiter ? limiter.peek(presented) : EMPTY_SNAPSHOT);
        if (!route.billable) return respond(200, result.body, { ...versionHeaders, ...rate(false) });
        if (faults.hasCorruption(path) && corruptOneRecord(result.body)) faults.takeCorruption(path);
        const text = JSON.stringify(result.body);
        const etag = etagOf(text);
        const link: Record<string, string> = result.link === null ? {} : { link: result.link };
        if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
          // GitHub: a conditional request answered 304 does not count against the primary rate limit.
          return respond(304, undefined, { ...versionHeaders, etag, ...link, ...rate(false) });
        }
        return respond(200, result.body, { ...versionHeaders, etag, ...link, ...rate(true) }, text);
      } catch (error) {
        if (error instanceof GitHubError) {
          return respond(error.status, error.body, { ...versionHeaders, ...error.headers, ...rate(true) });
        }
        throw error;
      }
    },
  };
}
