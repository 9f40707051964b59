import { createHash } from 'node:crypto';
import type { Octokit } from '@octokit/core';
import { isHttpError } from './responses.ts';

/**
 * A remembered validator: the ETag of a 200 answer and, for lists read whole, its `rel="next"` URL relative to
 * the API base (so it still works when the host name or port changes).
 */
export interface EtagEntry {
  etag: string;
  next: string | null;
}

export const NOT_MODIFIED = 304;

interface Answer {
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

const NEXT_LINK = /<([^<>]+)>;\s*rel="next"/;

/**
 * Conditional requests for every GET. A stream loads the validators it kept (in its cursor, or with its
 * records) under a key derived from the request URL; the hook then sends `If-None-Match` and turns GitHub's
 * 304 (thrown by Octokit as a RequestError) into an empty answer that keeps the remembered `Link`, so
 * `paginate.iterator` can walk on. Unchanged pages cost no rate limit, no body and no parsing.
 */
export class ConditionalCache {
  /** Off for a full reload (`--full`): every request is unconditional (answers are still remembered). */
  enabled = true;
  conditional = 0;
  notModified = 0;
  readonly #base: string;
  readonly #entries = new Map<string, EtagEntry>();
  readonly #answers = new WeakMap<object, readonly [string, EtagEntry]>();

  constructor(baseUrl: string) {
    this.#base = baseUrl.replace(/\/+$/, '');
  }

  /** Short stable key of a URL, relative to the API base so it survives a change of host name. */
  keyOf(url: string): string {
    return createHash('sha256').update(this.#relative(url)).digest('base64url').slice(0, 16);
  }

  #relative(url: string): string {
    return url.startsWith(this.#base) ? url.slice(this.#base.length) : url;
  }

  #absolute(url: string): string {
    return /^https?:\/\//.test(url) ? url : `${this.#base}${url}`;
  }

  put(key: string, entry: EtagEntry): void {
    this.#entries.set(key, entry);
  }

  /** The validator that stands for this answer: the new one of a 200, or the one a 304 confirmed. */
  validatorOf(response: object): readonly [string, EtagEntry] | undefined {
    return this.#answers.get(response);
  }

  install(octokit: Octokit): void {
    octokit.hook.wrap('request', async (request, options) => {
      if (options.method !== 'GET') return request(options);
      const key = this.keyOf(octokit.request.endpoint.parse(options).url);
      const entry = this.enabled ? this.#entries.get(key) : undefined;
      // Hook layers are bound to this very options object (arguments given to `request` are ignored), so
      // the header is set on it; Octokit builds it afresh for every request, pages of one list included.
      if (entry) {
        options.headers['if-none-match'] = entry.etag;
        this.conditional += 1;
      }
      try {
        const response = await request(options);
        const etag = response.headers.etag;
        if (typeof etag === 'string' && etag !== '') {
          const next = NEXT_LINK.exec(String(response.headers.link ?? ''))?.[1];
          this.#answers.set(response, [key, { etag, next: next ? this.#relative(next) : null }]);
        }
        return response;
      } catch (error) {
        if (!entry || !isHttpError(error) || error.status !== NOT_MODIFIED) throw error;
        this.notModified += 1;
        // GitHub may leave `Link` out of a 304: the remembered next page stands in for it.
        const sent = error.response?.headers ?? {};
        const link = sent.link ?? (entry.next ? `<${this.#absolute(entry.next)}>; rel="next"` : undefined);
        const headers = { ...sent, link };
        const answer: Answer = { status: NOT_MODIFIED, url: error.response?.url ?? '', headers, data: [] };
        this.#answers.set(answer, [key, entry]);
        // Octokit types each response by its route; this one is shaped like an empty list page on purpose.
        return answer as unknown as Awaited<ReturnType<typeof request>>;
      }
    });
  }
}

export function isNotModified(response: { status: number }): boolean {
  return response.status === NOT_MODIFIED;
}
