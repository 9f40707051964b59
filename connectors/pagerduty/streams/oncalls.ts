import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { checkRecords } from '../../validate.ts';
import type { PagerDutyClient } from '../client.ts';
import { type Oncall, oncallKey, oncallSchema } from '../schemas/oncall.ts';
import { chunkRange } from '../windows.ts';
import type { PagerDutyStreamOptions } from './options.ts';

/** PagerDuty refuses `/oncalls` ranges longer than 90 days. */
export const ONCALL_WINDOW_MS = 90 * 86_400_000;

/**
 * On-call shifts (`/oncalls`) over the whole history window, read again on every run in windows of at most
 * 90 days. Shifts have no id and no creation time to keep a cursor on, and a schedule edited today rewrites
 * shifts of the past, so the window is re-read whole; a shift that spans two windows is returned by both
 * and merged by its key (policy, level, schedule, user, start). The cursor never moves.
 */
export function oncallsStream(client: PagerDutyClient, options: PagerDutyStreamOptions): Stream<Oncall> {
  return {
    source: 'pagerduty',
    name: 'oncalls',
    primaryKey: oncallKey,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Oncall>> {
      for (const window of chunkRange(options.startDate, ctx.now, ONCALL_WINDOW_MS)) {
        // UTC rendering keeps start/end (and with them the key) identical whatever the account's zone is.
        const query = {
          since: window.since.toISOString(),
          until: window.until.toISOString(),
          time_zone: 'UTC',
        };
        for await (const page of client.pages('/oncalls', 'oncalls', query, ctx.signal)) {
          yield { ...checkRecords('oncalls', oncallSchema, page.items), cursor: null };
        }
      }
    },
  };
}
