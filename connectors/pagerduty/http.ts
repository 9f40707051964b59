import { setTimeout as sleep } from 'node:timers/promises';
import { api } from '@pagerduty/pdjs';
import type { APIParameters, APIResponse, PartialCall } from '@pagerduty/pdjs/build/src/api.js';
import pRetry, { AbortError } from 'p-retry';
import { TransientApiError } from '../../src/errors/index.ts';
import { type Logger, registerSecret } from '../../src/logger.ts';
import { errorForStatus, type HeaderGetter, nodeHeaders, type RequestLabel, SOURCE } from './responses.ts';
import { type ObservedResponse, ObservingAgent } from './transport.ts';

export type Query = Record<string, string | string[]>;

export interface HttpOptions {
  apiUrl: string;
  token: string;
  log: Logger;
  maxRetries: number;
  baseDelayMs: number;
  /** Per HTTP attempt; pdjs's own `requestTimeout` never aborts anything, so this is enforced with a signal. */
  requestTimeoutMs: number;
}

/** Longest wait between two attempts, whatever the backoff or the server's header says. */
const MAX_DELAY_MS = 120_000;

/** The failed HTTP answer pdjs rejects with when a body is not JSON (a proxy's HTML 502, a cut body). */
function isFetchResponse(
  value: unknown,
): value is { status: number; headers: { get(name: string): string | null } } {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';
}

function fetchHeaders(response: { headers: { get(name: string): string | null } }): HeaderGetter {
  return (name) => response.headers.get(name) ?? undefined;
}

/**
 * GET requests to PagerDuty's REST API through pdjs, with status checking, retries and error mapping. pdjs
 * resolves on every status, so each answer is checked here; URLs are absolute and built from `apiUrl` (keeping
 * any path prefix) because pdjs's `server` option forces https and its `all()` mis-pages non-`.com` hosts.
 */
export class PagerDutyHttp {
  readonly #options: HttpOptions;
  readonly #base: URL;
  readonly #pd: PartialCall;
  readonly #agent: ObservingAgent;

  constructor(options: HttpOptions) {
    this.#options = options;
    registerSecret(options.token);
    this.#base = new URL(options.apiUrl.replace(/\/+$/, ''));
    this.#pd = api({ token: options.token, tokenType: 'token' });
    this.#agent = new ObservingAgent(this.#base.protocol);
  }

  get host(): string {
    return this.#base.host;
  }

  /** Absolute URL for an API path, appended to `apiUrl`'s own path (`http://127.0.0.1:9/pagerduty` + `/incidents`). */
  url(path: string): string {
    return `${this.#base.href.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  }

  requestCount(): number {
    return this.#agent.sent;
  }

  close(): void {
    this.#agent.destroy();
  }

  /** GET `path` with `query`, retried on 429/5xx/network errors; resolves to the decoded JSON body. */
  async get(path: string, query: Query = {}, signal?: AbortSignal): Promise<unknown> {
    const label: RequestLabel = { method: 'GET', path, host: this.host };
    const { maxRetries, log } = this.#options;
    let attempts = 0;
    try {
      return await pRetry(
        async () => {
          attempts += 1;
          try {
            return await this.#attempt(label, query, signal);
          } catch (error) {
            if (error instanceof TransientApiError) throw error;
            // Anything else (credentials, a 4xx, the caller's abort) is final: p-retry rethrows it unchanged.
            throw new AbortError(error instanceof Error ? error : new Error(String(error)));
          }
        },
        {
          retries: maxRetries,
          minTimeout: 0, // the wait is computed in onFailedAttempt, which knows what the server asked for
          signal,
          onFailedAttempt: async ({ error, retriesLeft, attemptNumber }) => {
            if (retriesLeft <= 0 || !(error instanceof TransientApiError)) return;
            const waitMs = this.#delayMs(error, attemptNumber);
            log.warn(
              `${error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attemptNumber + 1} of ${maxRetries + 1})`,
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

  /** Server-requested wait (plus up to 10 % jitter), else exponential backoff with jitter. */
  #delayMs(error: TransientApiError, attemptNumber: number): number {
    if (error.retryAfterMs !== null)
      return Math.min(MAX_DELAY_MS, error.retryAfterMs * (1 + Math.random() * 0.1));
    const exponential = this.#options.baseDelayMs * 2 ** (attemptNumber - 1);
    return Math.min(MAX_DELAY_MS, exponential * (0.5 + Math.random() * 0.5));
  }

  async #attempt(label: RequestLabel, query: Query, signal: AbortSignal | undefined): Promise<unknown> {
    const call = new AbortController();
    let rateLimited: ObservedResponse | undefined;
    const timeout = AbortSignal.timeout(this.#options.requestTimeoutMs);
    const request: APIParameters & { agent: ReturnType<ObservingAgent['for']> } = {
      url: this.url(label.path),
      method: 'GET',
      queryParameters: query,
      signal: AbortSignal.any(signal ? [call.signal, timeout, signal] : [call.signal, timeout]),
      agent: this.#agent.for((response) => {
        if (response.status !== 429) return;
        // Abort before pdjs sees it: pdjs would sleep its fixed retryTimeout and retry, ignoring the header.
        rateLimited = response;
        call.abort();
      }),
      // Only reached if the hook above could not be installed: keep pdjs's blind 429 retry short.
      retryTimeout: this.#options.baseDelayMs,
      // pdjs's own timeout only starts a no-op timer that keeps the process alive; the signal above enforces it.
      requestTimeout: 0,
    };
    let response: APIResponse;
    try {
      response = await this.#pd(request);
    } catch (error) {
      if (rateLimited) throw errorForStatus(429, nodeHeaders(rateLimited.headers), undefined, label);
      if (signal?.aborted) throw signal.reason ?? error;
      if (timeout.aborted) {
        const seconds = this.#options.requestTimeoutMs / 1000;
        const message = `PagerDuty ${label.method} ${label.path} at ${label.host} did not answer within ${seconds} s`;
        throw new TransientApiError(message, SOURCE, null);
      }
      // pdjs rejects with the response itself when the body is not JSON.
      if (isFetchResponse(error)) {
        if (error.status >= 200 && error.status < 300) {
          throw new TransientApiError(
            `PagerDuty ${label.method} ${label.path} at ${label.host} sent a body that is not JSON`,
            SOURCE,
            error.status,
          );
        }
        throw errorForStatus(error.status, fetchHeaders(error), undefined, label);
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new TransientApiError(
        `could not reach PagerDuty at ${label.host} (${label.method} ${label.path}): ${reason}`,
        SOURCE,
        null,
      );
    }
    if (response.status >= 200 && response.status < 300) return response.data;
    throw errorForStatus(response.status, fetchHeaders(response), response.data, label);
  }
}
