/**
 * GitHub page-number pagination: `per_page` (default 30, at most 100) and `page` (default 1); the next, last,
 * previous and first pages are only in the `Link` header, as absolute URLs.
 */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PageRequest {
  perPage: number;
  page: number;
}

/** Rails `to_i`: the leading integer of the text, 0 when there is none. GitHub reads both parameters so. */
function leadingInteger(raw: string | null): number {
  const match = raw === null ? null : /^\s*([+-]?\d+)/.exec(raw);
  return match ? Number(match[1]) : 0;
}

/** `per_page` above 100 is clamped to 100, zero, negative or unreadable means 30; `page` below 1 means 1. */
export function pageRequest(query: URLSearchParams): PageRequest {
  const perPage = leadingInteger(query.get('per_page'));
  const page = leadingInteger(query.get('page'));
  return {
    perPage: perPage <= 0 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE),
    page: Math.max(1, page),
  };
}

export interface Page<T> {
  items: T[];
  lastPage: number;
}

export function pageOf<T>(all: T[], request: PageRequest): Page<T> {
  const start = (request.page - 1) * request.perPage;
  return {
    items: all.slice(start, start + request.perPage),
    lastPage: Math.max(1, Math.ceil(all.length / request.perPage)),
  };
}

function pageUrl(target: string, query: URLSearchParams, page: number): string {
  const params = new URLSearchParams(query);
  params.set('page', String(page));
  return `<${target}?${params.toString()}>`;
}

/**
 * `Link` as GitHub writes it: `<…?page=2>; rel="prev", <…?page=4>; rel="next", <…?page=9>; rel="last",
 * <…?page=1>; rel="first"` — prev and first from page 2 on, next and last before the last page; no header
 * when everything fits on page 1. `target` is the canonical list URL (GitHub uses `/repositories/{id}/…`
 * for repository lists and `/organizations/{id}/repos` for an org's repos); the request's parameters are
 * kept in their order, with `page` set in place.
 */
export function linkHeader(
  target: string,
  query: URLSearchParams,
  page: number,
  lastPage: number,
): string | null {
  const parts: string[] = [];
  if (page > 1) parts.push(`${pageUrl(target, query, page - 1)}; rel="prev"`);
  if (page < lastPage) {
    parts.push(`${pageUrl(target, query, page + 1)}; rel="next"`);
    parts.push(`${pageUrl(target, query, lastPage)}; rel="last"`);
  }
  if (page > 1) parts.push(`${pageUrl(target, query, 1)}; rel="first"`);
  return parts.length === 0 ? null : parts.join(', ');
}
