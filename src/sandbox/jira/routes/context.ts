import { badRequest } from '../errors.ts';
import type { CompiledQuery, Row, SortKey } from '../jql/compile.ts';
import type { RenderContext } from '../render/fields.ts';

/** Everything a route handler needs for one request. */
export interface JiraRouteContext extends RenderContext {
  query: URLSearchParams;
  searches: SearchCache;
}

export interface JiraRoute {
  /** Matched against the path after `/jira`; capture groups are passed to the handler. */
  pattern: RegExp;
  /** For request statistics, e.g. `/rest/api/3/issue/{key}/changelog`. */
  name: string;
  handle(ctx: JiraRouteContext, params: string[]): unknown;
}

/** The issues a JQL selected as of one clock value, in result order, with their sort keys. */
export interface Selection {
  query: CompiledQuery;
  rows: Array<{ row: Row; key: SortKey }>;
}

/**
 * Selections by (clock, JQL), so walking the pages of one search filters and sorts the site once rather
 * than once per page. Small and first-in-first-out.
 */
export class SearchCache {
  readonly #entries = new Map<string, Selection>();

  constructor(readonly size = 4) {}

  get(now: number, jql: string, compute: () => Selection): Selection {
    const key = `${now}\u0000${jql}`;
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const value = compute();
    if (this.#entries.size >= this.size) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
    return value;
  }
}

/** An optional non-negative integer query parameter; Jira answers 400 for anything else. */
export function integerParam(query: URLSearchParams, name: string, fallback: number, min = 0): number {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim()) || Number(raw) < min) {
    throw badRequest(`The value '${raw}' is invalid for the parameter '${name}'.`);
  }
  return Number(raw);
}

/** `expand=changelog,names` (comma list or repeated parameter), lower-cased. */
export function expansions(query: URLSearchParams): Set<string> {
  return new Set(
    query
      .getAll('expand')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  );
}
