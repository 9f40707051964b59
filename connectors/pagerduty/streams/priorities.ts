import type { Stream } from '../../stream.ts';
import type { PagerDutyClient } from '../client.ts';
import { type Priority, prioritySchema } from '../schemas/priority.ts';
import { fullRefreshStream } from './full-refresh.ts';

/** Not in `createPagerDutyStreams` yet: the warehouse has no `raw_pagerduty__priorities` table. */
export function prioritiesStream(client: PagerDutyClient): Stream<Priority> {
  return fullRefreshStream(client, {
    name: 'priorities',
    path: '/priorities',
    key: 'priorities',
    schema: prioritySchema,
    primaryKey: (p) => p.id,
    // Priorities are a plan feature: an account without them may answer 402/404 rather than an empty list.
    optionalFeature: true,
  });
}
