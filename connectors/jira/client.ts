import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { Version3Client } from 'jira.js';
import pRetry, { AbortError } from 'p-retry';
import { ConfigError, TransientApiError } from '../../src/errors/index.ts';
import { type Logger, registerSecret } from '../../src/logger.ts';
import { errorFor, type RequestLabel, readFailure, SOURCE } from './responses.ts';

export interface JiraClientOptions {
  /** JIRA_HOST: https://your-domain.atlassian.net, or a sandbox URL with a path. */
  host: string;
  email: string;
  apiToken: string;
  log: Logger;
  /** Retries after the first attempt on 429, 5xx and network errors. Default 5. */
  maxRetries?: number;
  /** First backoff step when Jira gives no Retry-After; doubles per attempt, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Per HTTP attempt. Default 30 s. */
  requestTimeoutMs?: number;
}

export interface SearchParams {
  jql: string;
  fields?: string[];
  expand?: string;
  maxResults: number;
  nextPageToken?: string;
}

/** Longest wait between two attempts, whatever the backoff or Retry-After says. */
const MAX_DELAY_MS = 120_000;

/**
 * Jira Cloud REST v3 through jira.js 5 (`Version3Client`), as the streams use it: the current user, the field
 * and status lists, the enhanced JQL search and an issue's changelog. jira.js has no retry of its own: each
 * call here is retried on 429 (honouring Retry-After), 5xx and network errors, and every failure is mapped to
 * the project's errors without the request config jira.js attaches (it holds the Authorization header).
 */
export class JiraClient {
  readonly log: Logger;
  readonly host: string;
  readonly #sdk: Version3Client;
  readonly #agent: http.Agent;
  readonly #maxRetries: number;
  readonly #baseDelayMs: number;
  #sent = 0;

  constructor(options: JiraClientOptions) {
    let url: URL;
    try {
      url = new URL(options.host);
    } catch {
      throw new ConfigError(
        `JIRA_HOST: expected an http(s) URL such as https://your-domain.atlassian.net, got ${JSON.stringify(options.host)}`,
        'JIRA_HOST',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ConfigError(`JIRA_HOST: expected an http(s) URL, got ${url.protocol}`, 'JIRA_HOST');
    registerSecret(options.apiToken);
    this.log = options.log;
    this.host = url.host;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#agent =
      url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.#sdk = new Version3Client({
      host: url.href.replace(/\/+$/, ''),
      authentication: { basic: { email: options.email, apiToken: options.apiToken } },
      baseRequestConfig: {
        timeout: options.requestTimeoutMs ?? 30_000,
        httpAgent: this.#agent,
        httpsAgent: this.#agent,
      },
    });
  }

  /** HTTP requests sent so far, retries included. */
  requestCount(): number {
    return this.#sent;
  }

  close(): void {
    this.#agent.destroy();
  }

  myself(signal?: AbortSignal): Promise<unknown> {
    return this.#call('GET /rest/api/3/myself', () => this.#sdk.myself.getCurrentUser<unknown>(), signal);
  }

  fields(signal?: AbortSignal): Promise<unknown> {
    return this.#call('GET /rest/api/3/field', () => this.#sdk.issueFields.getFields<unknown>(), signal);
  }

  statuses(signal?: AbortSignal): Promise<unknown> {
    return this.#call(
      'GET /rest/api/3/status',
      () => this.#sdk.workflowStatuses.getStatuses<unknown>(),
      signal,
    );
  }

  /** One page of the enhanced JQL search (GET /rest/api/3/search/jql). */
  search(params: SearchParams, signal?: AbortSignal): Promise<unknown> {
    return this.#call(
      'GET /rest/api/3/search/jql',
      () => this.#sdk.issueSearch.searchForIssuesUsingJqlEnhancedSearch<unknown>(params),
      signal,
    );
  }

  /** One page of an issue's changelog, oldest first (GET /rest/api/3/issue/{key}/changelog). */
  changelog(
    issueIdOrKey: string,
    startAt: number,
    maxResults: number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return this.#call(
      `GET /rest/api/3/issue/${issueIdOrKey}/changelog`,
      () => this.#sdk.issues.getChangeLogs<unknown>({ issueIdOrKey, startAt, maxResults }),
      signal,
    );
  }

  async #call(what: string, send: () => Promise<unknown>, signal?: AbortSignal): Promise<unknown> {
    const label: RequestLabel = { what, host: this.host };
    let attempts = 0;
    try {
      return await pRetry(
        async () => {
          attempts += 1;
          this.#sent += 1;
          try {
            return await send();
          } catch (raw) {
            if (signal?.aborted) throw new AbortError(signal.reason ?? new Error('aborted'));
            const error = errorFor(readFailure(raw), label);
            // Credentials, a bad request: final. p-retry rethrows the wrapped error unchanged.
            if (!(error instanceof TransientApiError)) throw new AbortError(error);
            throw error;
          }
        },
        {
          retries: this.#maxRetries,
          minTimeout: 0, // the wait is computed below, where Retry-After is known
          signal,
          onFailedAttempt: async ({ error, retriesLeft, attemptNumber }) => {
            if (retriesLeft <= 0 || !(error instanceof TransientApiError)) return;
            const waitMs = this.#delayMs(error, attemptNumber);
            this.log.warn(
              `${error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attemptNumber + 1} of ${this.#maxRetries + 1})`,
            );
            await sleep(waitMs, undefined, { signal });
          },
        },
      );
    } catch (error) {
      if (error instanceof TransientApiError && attempts > 1) {
        throw new TransientApiError(
          `${error.message} (gave up after ${attempts} attempts)`,
          SOURCE,
          error.status,
          error.retryAfterMs,
        );
      }
      throw error;
    }
  }

  /** Retry-After (plus up to 10 % jitter), else exponential backoff with jitter. */
  #delayMs(error: TransientApiError, attemptNumber: number): number {
    if (error.retryAfterMs !== null)
      return Math.min(MAX_DELAY_MS, error.retryAfterMs * (1 + Math.random() * 0.1));
    const exponential = this.#baseDelayMs * 2 ** (attemptNumber - 1);
    return Math.min(MAX_DELAY_MS, exponential * (0.5 + Math.random() * 0.5));
  }
}

export function createJiraClient(options: JiraClientOptions): JiraClient {
  return new JiraClient(options);
}
