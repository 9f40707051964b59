import { DataError } from '../../../src/errors/index.ts';

export interface PagerDutyStreamOptions {
  /** How far back a full sync (no cursor) goes. */
  startDate: Date;
  /** How far before the cursor an incremental read starts again, for records PagerDuty indexes late. Default 1 h. */
  overlapMs?: number;
}

export const DEFAULT_OVERLAP_MS = 3_600_000;

/** Where a since/until read starts: `cursor − overlap`, or `startDate` on a first or full sync. */
export function historyStart(cursor: string | null, options: PagerDutyStreamOptions): Date {
  if (cursor === null) return options.startDate;
  const at = Date.parse(cursor);
  if (Number.isNaN(at))
    throw new DataError(`pagerduty cursor ${JSON.stringify(cursor)} is not an ISO-8601 instant`, 'cursor');
  return new Date(at - (options.overlapMs ?? DEFAULT_OVERLAP_MS));
}
