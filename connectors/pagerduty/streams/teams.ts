import type { Stream } from '../../stream.ts';
import type { PagerDutyClient } from '../client.ts';
import { type Team, teamSchema } from '../schemas/team.ts';
import { fullRefreshStream } from './full-refresh.ts';

export function teamsStream(client: PagerDutyClient): Stream<Team> {
  return fullRefreshStream(client, {
    name: 'teams',
    path: '/teams',
    key: 'teams',
    schema: teamSchema,
    primaryKey: (t) => t.id,
    optionalFeature: true,
  });
}
