import { toInstant } from '../../../transforms/timestamps.ts';
import type { StreamContext } from '../../stream.ts';

export const DAY_MS = 86_400_000;

/** Milliseconds of a GitHub instant (already validated by the schema). */
export const ms = (at: string): number => toInstant(at).getTime();

/** Oldest instant a first or full read goes back to. */
export function horizon(ctx: StreamContext, historyDays: number): number {
  return ctx.now.getTime() - historyDays * DAY_MS;
}

/** The oldest `created_at`/`updated_at` of a page's records (+∞ for none). */
export function oldestOf<T>(records: readonly T[], at: (record: T) => string): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const record of records) oldest = Math.min(oldest, ms(at(record)));
  return oldest;
}
