import type { Stream } from '../../stream.ts';
import type { PagerDutyClient } from '../client.ts';
import { type Service, serviceSchema } from '../schemas/service.ts';
import { fullRefreshStream } from './full-refresh.ts';

export function servicesStream(client: PagerDutyClient): Stream<Service> {
  return fullRefreshStream(client, {
    name: 'services',
    path: '/services',
    key: 'services',
    schema: serviceSchema,
    primaryKey: (s) => s.id,
    // Rendered in UTC rather than the account's zone (created_at comes as -05:00 otherwise); stored as received.
    query: { time_zone: 'UTC' },
  });
}
