import type { Logger } from '../../src/logger.ts';
import { readableId } from '../validate.ts';
import type { Query } from './http.ts';
import { offsetPages, type PageSource, PaginationCapError } from './pagination.ts';

/** PagerDuty refuses `since`/`until` ranges longer than 6 months; 180 days stays under it in every month. */
export const MAX_WINDOW_MS = 180 * 86_400_000;

/** A window is not bisected below this: PagerDuty's own client stops at one second too. */
const MIN_WINDOW_MS = 1_000;

export interface HistoryOptions {
  path: string;
  key: string;
  query: Query;
  start: Date;
  end: Date;
  pageSize: number;
  log: Logger;
  signal?: AbortSignal;
  maxWindowMs?: number;
}

/** The cap on `offset + limit`; learned lower when a server answers code 2002 earlier than expected. */
export interface CapHolder {
  paginationCap: number;
}

export interface HistoryPage {
  items: unknown[];
  /** Set on the last page of a window: every record created before this instant has been yielded. */
  completedUntil: Date | null;
}

interface Window {
  since: Date;
  until: Date;
  /** Ids already yielded from this range by a parent window that hit the cap part-way. */
  skip?: ReadonlySet<string>;
}

/** Always `Z`: PagerDuty reads an instant without an offset in the account's time zone. */
export const isoUtc = (d: Date): string => d.toISOString();

export function chunkRange(start: Date, end: Date, maxMs: number): Window[] {
  const out: Window[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += maxMs) {
    out.push({ since: new Date(t), until: new Date(Math.min(t + maxMs, end.getTime())) });
  }
  return out;
}

function bisect(w: Window): [Window, Window] | null {
  const span = w.until.getTime() - w.since.getTime();
  if (span < 2 * MIN_WINDOW_MS) return null;
  const mid = new Date(w.since.getTime() + Math.floor(span / 2 / 1000) * 1000);
  return [
    { since: w.since, until: mid, skip: w.skip },
    { since: mid, until: w.until, skip: w.skip },
  ];
}

type WindowResult = { split: false } | { split: true; yielded: ReadonlySet<string> };

/**
 * Reads every record created in [start, end) from a since/until endpoint (`/incidents`, `/log_entries`), in
 * chronological windows of at most 180 days. A window holding more records than classic pagination can reach
 * (total > cap, asked with `total=true` on its first page, or a 2002 answer part-way) is bisected until each
 * part fits, as PagerDuty's python client does, so any history size loads. Windows sharing a boundary may
 * both return a record created exactly on it: callers upsert by primary key.
 */
export async function* readHistory(
  caps: CapHolder,
  source: PageSource,
  options: HistoryOptions,
): AsyncGenerator<HistoryPage> {
  for (const chunk of chunkRange(options.start, options.end, options.maxWindowMs ?? MAX_WINDOW_MS)) {
    const stack: Window[] = [chunk];
    while (stack.length > 0) {
      const w = stack.pop()!;
      const result = yield* readWindow(caps, source, options, w);
      if (!result.split) continue;
      const halves = bisect({ ...w, skip: result.yielded });
      if (halves) stack.push(halves[1], halves[0]);
    }
  }
}

async function* readWindow(
  caps: CapHolder,
  source: PageSource,
  options: HistoryOptions,
  w: Window,
): AsyncGenerator<HistoryPage, WindowResult> {
  const { path, log } = options;
  const range = `${isoUtc(w.since)} .. ${isoUtc(w.until)}`;
  const yielded = new Set(w.skip ?? []);
  const canSplit = bisect(w) !== null;
  const query: Query = { ...options.query, since: isoUtc(w.since), until: isoUtc(w.until) };
  const pages = offsetPages(source, path, options.key, query, {
    pageSize: options.pageSize,
    cap: caps.paginationCap,
    withTotal: true,
    signal: options.signal,
  });
  let held: unknown[] | null = null;
  try {
    for await (const page of pages) {
      if (page.offset === 0 && page.total !== null && page.total > caps.paginationCap && canSplit) {
        log.debug(
          `pagerduty ${path}: ${page.total} records in ${range}, over the cap of ${caps.paginationCap}: splitting`,
        );
        return { split: true, yielded };
      }
      // Held back one page so that the window's last page carries `completedUntil`.
      if (held) yield { items: held, completedUntil: null };
      held = page.items.filter((item) => {
        const id = readableId(item);
        if (id === null) return true;
        if (yielded.has(id)) return false;
        yielded.add(id);
        return true;
      });
    }
  } catch (error) {
    if (!(error instanceof PaginationCapError)) throw error;
    if (error.offset < caps.paginationCap) caps.paginationCap = Math.max(options.pageSize, error.offset);
    if (canSplit) {
      log.debug(`pagerduty ${path}: pagination cap reached at offset ${error.offset} in ${range}: splitting`);
      if (held) yield { items: held, completedUntil: null };
      return { split: true, yielded };
    }
    log.warn(
      `pagerduty ${path}: more than ${caps.paginationCap} records were created within one second (${range}); ` +
        'PagerDuty cannot page past that, so this second is incomplete',
    );
  }
  yield { items: held ?? [], completedUntil: w.until };
  return { split: false };
}
