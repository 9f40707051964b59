import { randomUUID } from 'node:crypto';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { ConfigError } from '../../src/errors/index.ts';
import { type Logger, redact, registerSecret } from '../../src/logger.ts';
import { ConditionalCache } from './conditional.ts';

export interface GitHubClientOptions {
  /** GITHUB_API_URL: https://api.github.com, https://HOST/api/v3 (Enterprise Server), or a sandbox URL. */
  apiUrl: string;
  token: string;
  log: Logger;
  /** Retries of 5xx and network errors (plugin-retry). Default 3. */
  maxRetries?: number;
  /** One "second" of backoff and of GitHub's requested waits, in ms. Default 1000; tests shrink it. */
  secondMs?: number;
  /** Longest rate-limit wait honoured before the request fails (GitHub's primary window is one hour). Default 3,660 s. */
  maxRateLimitWaitS?: number;
  /** How many times one request may wait for a rate limit. Default 5. */
  maxRateLimitRetries?: number;
  /** Per HTTP attempt. Default 30 s. */
  requestTimeoutMs?: number;
  /** `per_page`; GitHub serves at most 100. Default 100. */
  pageSize?: number;
}

const GitHubOctokit = Octokit.plugin(retry, throttling);
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

/** Statuses plugin-retry never retries: client errors, and 429, which the throttling plugin waits out instead. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

function parseApiUrl(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ConfigError(
      `GITHUB_API_URL: expected an http(s) URL, got ${JSON.stringify(apiUrl)}`,
      'GITHUB_API_URL',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`GITHUB_API_URL: expected an http(s) URL, got ${url.protocol}`, 'GITHUB_API_URL');
  return url;
}

/**
 * GitHub's REST API through Octokit with the retry and throttling plugins, API version pinned, conditional
 * requests (ETags) on every GET, a per-attempt timeout and a count of the HTTP requests really sent.
 */
export class GitHubClient {
  readonly octokit: GitHubOctokit;
  readonly cache: ConditionalCache;
  readonly host: string;
  readonly pageSize: number;
  readonly log: Logger;
  #sent = 0;

  constructor(options: GitHubClientOptions) {
    const base = parseApiUrl(options.apiUrl);
    registerSecret(options.token);
    this.host = base.host;
    this.cache = new ConditionalCache(base.href);
    this.log = options.log;
    this.pageSize = options.pageSize ?? 100;
    const second = options.secondMs ?? 1000;
    const maxWait = options.maxRateLimitWaitS ?? 3660;
    const maxTries = options.maxRateLimitRetries ?? 5;
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    const log = options.log;
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        const what = `${request.method} ${request.url.replace(/\?.*$/, '')}`;
        if (retryAfter > maxWait || retryCount >= maxTries) {
          log.warn(
            `GitHub ${kind} rate limit on ${what} at ${this.host}: giving up after ${retryCount} waits`,
          );
          return false;
        }
        log.warn(`GitHub ${kind} rate limit on ${what} at ${this.host}: waiting ${retryAfter} s as asked`);
        return true;
      };
    this.octokit = new GitHubOctokit({
      auth: options.token,
      baseUrl: base.href.replace(/\/+$/, ''),
      userAgent: 'opsledger',
      request: { fetch: this.#fetch(timeoutMs) },
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => log.warn(redact(`octokit: ${message}`)),
        // Octokit logs every failed request here, 304s included; the connector reports real failures itself.
        error: (message: string) => log.debug(redact(`octokit: ${message}`)),
      },
      // Every client gets its own limiter: throttled clients in one process share one unless ids differ.
      throttle: {
        id: `opsledger-github-${randomUUID()}`,
        retryAfterBaseValue: second,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
      retry: { doNotRetry: DO_NOT_RETRY, retries: options.maxRetries ?? 3, retryAfterBaseValue: second },
    });
    this.octokit.hook.before('request', (request) => {
      request.headers['x-github-api-version'] = '2022-11-28';
    });
    this.cache.install(this.octokit);
  }

  /** HTTP requests sent so far, retries and conditional ones included. */
  requestCount(): number {
    return this.#sent;
  }

  /** fetch with a per-attempt timeout; a timeout becomes a network error, which plugin-retry retries. */
  #fetch(timeoutMs: number): typeof fetch {
    return async (input, init) => {
      this.#sent += 1;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      try {
        return await fetch(input, { ...init, signal });
      } catch (error) {
        if (timeout.aborted && !init?.signal?.aborted)
          throw new TypeError('fetch failed', { cause: `no answer within ${timeoutMs / 1000} s` });
        throw error;
      }
    };
  }
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  return new GitHubClient(options);
}
