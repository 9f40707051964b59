import type { Stream } from '../stream.ts';
import type { PagerDutyClient } from './client.ts';
import type { EscalationPolicy, Incident, LogEntry, Oncall, Service, Team, User } from './schemas/index.ts';
import { escalationPoliciesStream } from './streams/escalation-policies.ts';
import { incidentsStream } from './streams/incidents.ts';
import { logEntriesStream } from './streams/log-entries.ts';
import { oncallsStream } from './streams/oncalls.ts';
import type { PagerDutyStreamOptions } from './streams/options.ts';
import { servicesStream } from './streams/services.ts';
import { teamsStream } from './streams/teams.ts';
import { usersStream } from './streams/users.ts';

export { createPagerDutyClient, PagerDutyClient, type PagerDutyClientOptions } from './client.ts';
export * from './schemas/index.ts';
export { escalationPoliciesStream } from './streams/escalation-policies.ts';
export { incidentsStream } from './streams/incidents.ts';
export { logEntriesStream } from './streams/log-entries.ts';
export { ONCALL_WINDOW_MS, oncallsStream } from './streams/oncalls.ts';
export { DEFAULT_OVERLAP_MS, type PagerDutyStreamOptions } from './streams/options.ts';
export { prioritiesStream } from './streams/priorities.ts';
export { servicesStream } from './streams/services.ts';
export { teamsStream } from './streams/teams.ts';
export { usersStream } from './streams/users.ts';

export type PagerDutyStreams = [
  Stream<Team>,
  Stream<User>,
  Stream<EscalationPolicy>,
  Stream<Service>,
  Stream<Incident>,
  Stream<LogEntry>,
  Stream<Oncall>,
];

/**
 * The PagerDuty streams in dependency order: teams, users, escalation policies, services (the dimensions,
 * refreshed whole), then incidents and log entries (incremental by creation time, with cursors), then on-call
 * shifts (the history window re-read whole).
 */
export function createPagerDutyStreams(
  client: PagerDutyClient,
  options: PagerDutyStreamOptions,
): PagerDutyStreams {
  return [
    teamsStream(client),
    usersStream(client),
    escalationPoliciesStream(client),
    servicesStream(client),
    incidentsStream(client, options),
    logEntriesStream(client, options),
    oncallsStream(client, options),
  ];
}
