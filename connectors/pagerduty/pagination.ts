import { ApiError } from '../../src/errors/index.ts';
import type { Query } from './http.ts';
import { isPaginationCap, SOURCE } from './responses.ts';
import { pageEnvelope } from './schemas/common.ts';

/** What paging needs from the client; keeps this module testable without HTTP. */
export interface PageSource {
  readonly host: string;
  get(path: string, query: Query, signal?: AbortSignal): Promise<unknown>;
}

export interface Page {
  /** The raw objects of the page's list (`incidents`, `log_entries`...), unvalidated. */
  items: unknown[];
  offset: number;
  /** Set when asked for (`total=true`) and the server answered with a number. */
  total: number | null;
}

export interface PagingOptions {
  pageSize: number;
  /** Highest `offset + limit` the server accepts (PagerDuty: 10,000). */
  cap: number;
  withTotal?: boolean;
  signal?: AbortSignal;
}

/**
 * Classic pagination would need `offset + limit` beyond the server's cap (PagerDuty answers HTTP 400, code
 * 2002). `offset` is the first offset that could not be read; records before it were yielded.
 */
export class PaginationCapError extends Error {
  override name = 'PaginationCapError';
  constructor(
    readonly path: string,
    readonly offset: number,
  ) {
    super(`PagerDuty GET ${path}: classic pagination cannot go past offset ${offset}`);
  }
}

function list(
  body: unknown,
  key: string,
  path: string,
  host: string,
): { items: unknown[]; more?: boolean; total: number | null } {
  const envelope = pageEnvelope.safeParse(body);
  const items = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
  if (!envelope.success || !Array.isArray(items)) {
    throw new ApiError(`PagerDuty GET ${path} at ${host} answered without a "${key}" list`, SOURCE, 200);
  }
  return { items, more: envelope.data.more, total: envelope.data.total ?? null };
}

/**
 * Pages through a classic (offset) pagination endpoint, one page per yield. Paged here rather than with pdjs's
 * `next()`/`all()`, which duplicate query parameters, append `undefined` at the cap and misread non-`.com` hosts.
 * Offsets advance by the number of records received, as PagerDuty's own client does, so a server that
 * lowers `limit` never makes us skip records.
 */
export async function* offsetPages(
  source: PageSource,
  path: string,
  key: string,
  query: Query,
  options: PagingOptions,
): AsyncGenerator<Page> {
  const { pageSize, cap, signal } = options;
  let offset = 0;
  for (;;) {
    if (offset + pageSize > cap) throw new PaginationCapError(path, offset);
    const pageQuery: Query = { ...query, limit: String(pageSize), offset: String(offset) };
    if (options.withTotal && offset === 0) pageQuery.total = 'true';
    let body: unknown;
    try {
      body = await source.get(path, pageQuery, signal);
    } catch (error) {
      if (isPaginationCap(error)) throw new PaginationCapError(path, offset);
      throw error;
    }
    const page = list(body, key, path, source.host);
    yield { items: page.items, offset, total: page.total };
    // Without `more`, a short page is the last one; an empty page always is (no endless loop on a bad server).
    const more = page.more ?? page.items.length >= pageSize;
    if (!more || page.items.length === 0) return;
    offset += page.items.length;
  }
}
