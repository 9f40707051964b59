import { DataError } from '../../../src/errors/index.ts';
import type { JiraStreamOptions } from '../options.ts';

/** Where an incremental read starts: `cursor − overlap`, or `startDate` on a first or `--full` sync. */
export function readStart(
  cursor: string | null,
  options: Pick<JiraStreamOptions, 'startDate' | 'overlapMs'>,
): Date {
  if (cursor === null) return options.startDate;
  const at = Date.parse(cursor);
  if (Number.isNaN(at))
    throw new DataError(`jira cursor ${JSON.stringify(cursor)} is not an ISO-8601 instant`, 'cursor');
  return new Date(at - options.overlapMs);
}
