import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { checkRecords } from '../../validate.ts';
import type { PagerDutyClient } from '../client.ts';
import { type LogEntry, logEntrySchema } from '../schemas/log-entry.ts';
import { historyStart, type PagerDutyStreamOptions } from './options.ts';

const listQuery = {
  // Every entry, not only the overview ones (which leave out notifications and some assignments).
  is_overview: 'false',
  time_zone: 'UTC',
};

/**
 * Log entries by their own creation time (`/log_entries`, since/until), windowed like incidents. This is the
 * stream that carries the acknowledgement and resolution of an incident created long before the cursor:
 * `acknowledgements[]`/`assignments[]` of the incident itself are emptied by PagerDuty on resolve. Cursor
 * semantics as for incidents: set on the last page of each window to that window's end.
 */
export function logEntriesStream(client: PagerDutyClient, options: PagerDutyStreamOptions): Stream<LogEntry> {
  return {
    source: 'pagerduty',
    name: 'log_entries',
    primaryKey: (entry) => entry.id,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<LogEntry>> {
      const pages = client.history({
        path: '/log_entries',
        key: 'log_entries',
        query: listQuery,
        start: historyStart(ctx.cursor, options),
        end: ctx.now,
        signal: ctx.signal,
      });
      for await (const page of pages) {
        yield {
          ...checkRecords('log_entries', logEntrySchema, page.items),
          cursor: page.completedUntil?.toISOString() ?? null,
        };
      }
    },
  };
}
