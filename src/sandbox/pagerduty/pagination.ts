import { invalidInput, paginationCapExceeded } from './errors.ts';

export interface PageRequest {
  limit: number;
  offset: number;
  total: boolean;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

function integerParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidInput(`${name} must be an integer; got '${raw}'.`);
  return Number(raw);
}

/**
 * Classic pagination: `limit` defaults to 25 and is clamped to 100 (PagerDuty does not reject larger values);
 * `offset + limit` above the cap (10,000 on PagerDuty) is answered with 400 / code 2002.
 */
export function pageRequest(query: URLSearchParams, cap: number): PageRequest {
  const rawLimit = integerParam(query, 'limit');
  const offset = integerParam(query, 'offset') ?? 0;
  if (rawLimit !== null && rawLimit < 1) throw invalidInput('limit must be a positive integer.');
  if (offset < 0) throw invalidInput('offset must be zero or a positive integer.');
  const limit = Math.min(rawLimit ?? DEFAULT_LIMIT, MAX_LIMIT);
  if (offset + limit > cap) throw paginationCapExceeded(cap);
  return { limit, offset, total: query.get('total') === 'true' };
}

/** A page over `count` items where item k is produced by `at(k)` (only the page's items are rendered). */
export function page<T>(
  key: string,
  request: PageRequest,
  count: number,
  at: (k: number) => T,
): Record<string, unknown> {
  const items: T[] = [];
  const end = Math.min(count, request.offset + request.limit);
  for (let k = request.offset; k < end; k++) items.push(at(k));
  return {
    [key]: items,
    limit: request.limit,
    offset: request.offset,
    more: end < count,
    total: request.total ? count : null,
  };
}
