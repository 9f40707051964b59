import { ConfigError } from '../../src/errors/index.ts';
import type { Logger } from '../../src/logger.ts';
import { PagerDutyHttp, type Query } from './http.ts';
import { offsetPages, type Page } from './pagination.ts';
import { type HistoryOptions, type HistoryPage, readHistory } from './windows.ts';

export interface PagerDutyClientOptions {
  /** PAGERDUTY_API_URL: https://api.pagerduty.com, https://api.eu.pagerduty.com, or a sandbox URL with a path. */
  apiUrl: string;
  token: string;
  log: Logger;
  /** Retries after the first attempt on 429, 5xx and network errors. Default 5. */
  maxRetries?: number;
  /** First backoff step when the server gives no wait of its own; doubles per attempt, with jitter. Default 500. */
  baseDelayMs?: number;
  /** `limit` per page; PagerDuty serves at most 100. Default 100. */
  pageSize?: number;
  /** Per HTTP attempt. Default 30 s. */
  requestTimeoutMs?: number;
  /** Highest `offset + limit` classic pagination reaches. PagerDuty: 10,000 (lowered automatically on code 2002). */
  paginationCap?: number;
}

export type { Query } from './http.ts';

/** The PagerDuty REST API as the streams use it: single GETs, offset-paged lists and since/until history. */
export class PagerDutyClient {
  readonly log: Logger;
  readonly pageSize: number;
  paginationCap: number;
  readonly #http: PagerDutyHttp;

  constructor(options: PagerDutyClientOptions) {
    let url: URL;
    try {
      url = new URL(options.apiUrl);
    } catch {
      throw new ConfigError(
        `PAGERDUTY_API_URL: expected an http(s) URL, got ${JSON.stringify(options.apiUrl)}`,
        'PAGERDUTY_API_URL',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError(
        `PAGERDUTY_API_URL: expected an http(s) URL, got ${url.protocol}`,
        'PAGERDUTY_API_URL',
      );
    }
    this.log = options.log;
    this.pageSize = options.pageSize ?? 100;
    this.paginationCap = options.paginationCap ?? 10_000;
    this.#http = new PagerDutyHttp({
      apiUrl: options.apiUrl,
      token: options.token,
      log: options.log,
      maxRetries: options.maxRetries ?? 5,
      baseDelayMs: options.baseDelayMs ?? 500,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    });
  }

  /** Host that answers (for messages): never the token. */
  get host(): string {
    return this.#http.host;
  }

  /** HTTP requests sent so far, retries included. */
  requestCount(): number {
    return this.#http.requestCount();
  }

  /** GET one resource; resolves to the decoded JSON body. */
  get(path: string, query: Query = {}, signal?: AbortSignal): Promise<unknown> {
    return this.#http.get(path, query, signal);
  }

  /** Every page of a classic-pagination list (`/users`, `/services`...). */
  pages(path: string, key: string, query: Query = {}, signal?: AbortSignal): AsyncGenerator<Page> {
    return offsetPages(this, path, key, query, { pageSize: this.pageSize, cap: this.paginationCap, signal });
  }

  /** Every record created in [start, end) of a since/until list, windowed and split under the pagination cap. */
  history(options: Omit<HistoryOptions, 'pageSize' | 'log'>): AsyncGenerator<HistoryPage> {
    return readHistory(this, this, { ...options, pageSize: this.pageSize, log: this.log });
  }

  /** Releases pooled keep-alive connections. */
  close(): void {
    this.#http.close();
  }
}

export function createPagerDutyClient(options: PagerDutyClientOptions): PagerDutyClient {
  return new PagerDutyClient(options);
}
