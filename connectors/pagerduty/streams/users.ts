import type { Stream } from '../../stream.ts';
import type { PagerDutyClient } from '../client.ts';
import { type User, userSchema } from '../schemas/user.ts';
import { fullRefreshStream } from './full-refresh.ts';

export function usersStream(client: PagerDutyClient): Stream<User> {
  return fullRefreshStream(client, {
    name: 'users',
    path: '/users',
    key: 'users',
    schema: userSchema,
    primaryKey: (u) => u.id,
  });
}
