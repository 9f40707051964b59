import type { PagerDutyWorld } from '../model.ts';
import type { ReferenceBook, RenderContext } from '../render/refs.ts';

/** Everything a route handler needs for one request. */
export interface RouteContext extends RenderContext {
  world: PagerDutyWorld;
  refs: ReferenceBook;
  now: number;
  query: URLSearchParams;
  paginationCap: number;
  cache: SelectionCache;
  incidentIndex: Map<string, number>;
}

export interface PagerDutyRoute {
  /** Matched against the path after `/pagerduty`; capture groups are passed to the handler. */
  pattern: RegExp;
  /** For statistics, e.g. `/incidents/{id}`. */
  name: string;
  handle(ctx: RouteContext, params: string[]): unknown;
}

/** The items a query selected, addressable by position (a plain range needs no array at all). */
export interface Selection {
  count: number;
  at(k: number): number;
}

export function rangeSelection(from: number, to: number, descending: boolean): Selection {
  const count = Math.max(0, to - from);
  return { count, at: descending ? (k) => to - 1 - k : (k) => from + k };
}

export function arraySelection(items: Uint32Array, descending: boolean): Selection {
  const n = items.length;
  return { count: n, at: descending ? (k) => items[n - 1 - k]! : (k) => items[k]! };
}

/**
 * Filtered selections by query (without limit/offset) and clock time, so that walking the pages of one query
 * filters the data once instead of once per page. Small and first-in-first-out.
 */
export class SelectionCache {
  readonly #entries = new Map<string, Selection>();
  readonly #size: number;

  constructor(size = 16) {
    this.#size = size;
  }

  get(key: string, compute: () => Selection): Selection {
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const value = compute();
    if (this.#entries.size >= this.#size) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
    return value;
  }
}

/** The cache key of a query: path, clock and every parameter except the page ones, in a stable order. */
export function selectionKey(path: string, ctx: RouteContext): string {
  const params = [...ctx.query.entries()]
    .filter(([k]) => k !== 'limit' && k !== 'offset' && k !== 'total')
    .sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${ctx.now}|${path}|${params}`;
}

/** First index in [0, n) whose value is >= target (values ascending). */
export function lowerBound(n: number, value: (i: number) => number, target: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [0, n) whose value is > target. */
export function upperBound(n: number, value: (i: number) => number, target: number): number {
  return lowerBound(n, value, target + 1e-3);
}
