import { EntryType, type IncidentStatus, type IncidentStore, SERVICE_AGENT } from './model.ts';

/** Who did something: a user index, or SERVICE_AGENT for the incident's service. */
export interface Stamp {
  at: number;
  user: number;
}

/** An incident as PagerDuty would show it at one instant, replayed from its log entries up to that instant. */
export interface IncidentState {
  status: IncidentStatus;
  /** Entries with created_at <= now: entryStart .. visibleEnd - 1. */
  visibleEnd: number;
  assignments: Stamp[];
  acknowledgements: Stamp[];
  lastStatusChange: Stamp;
  /** Time of the last visible entry (`updated_at`). */
  updatedAt: number;
  resolvedAt: number | null;
  escalations: number;
  /** Distinct users assigned so far (initial assignment, escalations, re-assignments), in order. */
  assignees: number[];
}

/** Index one past the last entry of `incident` created at or before `now`. */
export function visibleEntryEnd(store: IncidentStore, incident: number, now: number): number {
  let end = store.entryStart[incident]!;
  const last = store.entryStart[incident + 1]!;
  while (end < last && store.entryAt[end]! <= now) end++;
  return end;
}

/**
 * Replays the visible log entries. Assignments and acknowledgements follow PagerDuty: both are emptied on
 * resolve, acknowledgements are emptied when the acknowledgement times out or the incident is re-assigned
 * (which puts it back to triggered), and a second responder's acknowledgement is added to the list.
 */
export function incidentStateAt(store: IncidentStore, incident: number, now: number): IncidentState {
  const start = store.entryStart[incident]!;
  const end = visibleEntryEnd(store, incident, now);
  const created = store.createdAt[incident]!;
  let status: IncidentStatus = 'triggered';
  let assignments: Stamp[] = [];
  let acknowledgements: Stamp[] = [];
  let lastStatusChange: Stamp = { at: created, user: SERVICE_AGENT };
  let resolvedAt: number | null = null;
  let escalations = 0;
  const assignees: number[] = [];
  const setStatus = (next: IncidentStatus, at: number, user: number) => {
    if (next !== status) lastStatusChange = { at, user };
    status = next;
  };
  for (let e = start; e < end; e++) {
    const at = store.entryAt[e]!;
    const user = store.entryUser[e]!;
    const agent = store.entryAgent[e]!;
    switch (store.entryType[e]) {
      case EntryType.trigger:
        lastStatusChange = { at, user: agent };
        break;
      case EntryType.assign:
      case EntryType.escalate:
        assignments = [{ at, user }];
        if (!assignees.includes(user)) assignees.push(user);
        if (store.entryType[e] === EntryType.escalate) escalations++;
        if (agent !== SERVICE_AGENT) acknowledgements = [];
        setStatus('triggered', at, agent);
        break;
      case EntryType.acknowledge:
        acknowledgements = [...acknowledgements, { at, user }];
        setStatus('acknowledged', at, user);
        break;
      case EntryType.unacknowledge:
        acknowledgements = [];
        setStatus('triggered', at, SERVICE_AGENT);
        break;
      case EntryType.resolve:
        assignments = [];
        acknowledgements = [];
        resolvedAt = at;
        setStatus('resolved', at, agent);
        break;
      default:
        break;
    }
  }
  return {
    status,
    visibleEnd: end,
    assignments,
    acknowledgements,
    lastStatusChange,
    updatedAt: end > start ? store.entryAt[end - 1]! : created,
    resolvedAt,
    escalations,
    assignees,
  };
}

/** Cheap status check for filters: only incidents not yet resolved need a replay. */
export function statusAt(store: IncidentStore, incident: number, now: number): IncidentStatus {
  const resolved = store.resolvedAt[incident]!;
  if (!Number.isNaN(resolved) && resolved <= now) return 'resolved';
  return incidentStateAt(store, incident, now).status;
}
