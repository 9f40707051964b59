import type { IncidentStatus, PagerDutyWorld, PriorityName, Severity, Urgency } from './model.ts';
import { serviceTeamAt } from './model.ts';
import { incidentStateAt } from './state.ts';
import { computeTruthPages, type TruthPage } from './truth-pages.ts';

export type { TruthPage } from './truth-pages.ts';

export interface TruthIncident {
  id: string;
  number: number;
  title: string;
  serviceId: string;
  teamId: string;
  severity: Severity;
  priority: PriorityName | null;
  urgency: Urgency;
  createdAt: Date;
  /** The FIRST acknowledgement (later ones after a timeout or re-assignment do not move it). */
  acknowledgedAt: Date | null;
  /** The final resolution. */
  resolvedAt: Date | null;
  status: IncidentStatus;
  /** Escalations so far (escalate_log_entry). */
  escalations: number;
  /** Everyone assigned so far (initial assignment, escalations, re-assignments), in order of first assignment. */
  assigneeIds: string[];
}

export interface PagerDutyTruth {
  teams: Array<{ id: string; name: string }>;
  /** teamId: the owner today; previousTeamId and teamSince: the reorganisation, where the service moved. */
  services: Array<{
    id: string;
    name: string;
    teamId: string;
    previousTeamId: string | null;
    teamSince: Date | null;
  }>;
  users: Array<{ id: string; name: string; email: string; timeZone: string; teamIds: string[] }>;
  incidents: TruthIncident[];
  /** Every notification, assignment and escalation of a responder so far (on-call load). */
  pages: TruthPage[];
  /** The responder who carries an unfair share of a rotation. */
  overloadedUserId: string;
}

const SEVERITIES: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const PRIORITIES: PriorityName[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

/**
 * What really happened, as of `now`, read from the generator's model (never from rendered payloads), so tests
 * can compare a sync's warehouse against it. Only incidents created at or before `now` exist yet.
 */
export function computeTruth(world: PagerDutyWorld, now: number): PagerDutyTruth {
  const { org, incidents: store } = world;
  const incidents: TruthIncident[] = [];
  for (let i = 0; i < store.count && store.createdAt[i]! <= now; i++) {
    const state = incidentStateAt(store, i, now);
    const service = org.services[store.service[i]!]!;
    const firstAck = store.firstAckAt[i]!;
    const priority = store.priority[i]!;
    incidents.push({
      id: store.ids[i]!,
      number: i + 1,
      title: store.title[i]!,
      serviceId: service.id,
      teamId: org.teams[serviceTeamAt(service, store.createdAt[i]!)]!.id,
      severity: SEVERITIES[store.severity[i]! - 1]!,
      priority: priority === 0 ? null : PRIORITIES[priority - 1]!,
      urgency: store.urgency[i] === 0 ? 'high' : 'low',
      createdAt: new Date(store.createdAt[i]!),
      acknowledgedAt: !Number.isNaN(firstAck) && firstAck <= now ? new Date(firstAck) : null,
      resolvedAt: state.resolvedAt === null ? null : new Date(state.resolvedAt),
      status: state.status,
      escalations: state.escalations,
      assigneeIds: state.assignees.map((u) => org.users[u]!.id),
    });
  }
  return {
    teams: org.teams.map((t) => ({ id: t.id, name: t.name })),
    services: org.services.map((s) => ({
      id: s.id,
      name: s.name,
      teamId: org.teams[s.team]!.id,
      previousTeamId: s.previousTeam === undefined ? null : org.teams[s.previousTeam]!.id,
      teamSince: s.teamSince === undefined ? null : new Date(s.teamSince),
    })),
    users: org.users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      timeZone: u.timeZone,
      teamIds: u.teams.map((t) => org.teams[t]!.id),
    })),
    incidents,
    pages: computeTruthPages(world, now),
    overloadedUserId: org.users[world.overloadedUser]!.id,
  };
}
