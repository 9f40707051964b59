import { hexKey } from '../../ids.ts';
import { isoUtc, SECOND } from '../../time.ts';
import {
  API_BASE,
  Channel,
  EntryType,
  type IncidentStatus,
  servicePolicyAt,
  serviceTeamAt,
  WEB_BASE,
} from '../model.ts';
import { type IncidentState, incidentStateAt, type Stamp } from '../state.ts';
import { entryIdOf } from './log-entry.ts';
import { priorityReference, type RenderContext } from './refs.ts';

/** Alerts arrive 47 s apart from the trigger on; only those created by "now" exist. */
export const ALERT_SPACING_MS = 47 * SECOND;

export function visibleAlertCount(ctx: RenderContext, incident: number): number {
  const store = ctx.world.incidents;
  const elapsed = ctx.now - store.createdAt[incident]!;
  return Math.max(0, Math.min(store.alertCount[incident]!, Math.floor(elapsed / ALERT_SPACING_MS) + 1));
}

/** What PagerDuty has scheduled next: the next escalation, acknowledgement timeout or auto-resolve. */
function pendingActions(ctx: RenderContext, incident: number, state: IncidentState): unknown[] {
  if (state.status === 'resolved') return [];
  const store = ctx.world.incidents;
  const actions: Array<{ type: string; at: string }> = [];
  const seen = new Set<string>();
  for (let e = state.visibleEnd; e < store.entryStart[incident + 1]!; e++) {
    const type = store.entryType[e];
    const name =
      type === EntryType.escalate
        ? 'escalate'
        : type === EntryType.unacknowledge
          ? 'unacknowledge'
          : type === EntryType.resolve && store.entryChannel[e] === Channel.timeout
            ? 'resolve'
            : null;
    if (name && !seen.has(name)) {
      seen.add(name);
      actions.push({ type: name, at: isoUtc(store.entryAt[e]!) });
    }
  }
  return actions;
}

function stamped(ctx: RenderContext, stamps: Stamp[], key: 'assignee' | 'acknowledger', service: number) {
  return stamps.map((s) => ({ at: isoUtc(s.at), [key]: ctx.refs.agent(s.user, service) }));
}

/**
 * An incident as of `ctx.now`, with exactly the keys of PagerDuty's list example, in its order. Status,
 * assignments, acknowledgements, resolved_at and last_status_change_* are replayed from the visible log.
 */
export function renderIncident(ctx: RenderContext, incident: number): Record<string, unknown> {
  const { world, refs } = ctx;
  const store = world.incidents;
  const state = incidentStateAt(store, incident, ctx.now);
  const id = store.ids[incident]!;
  const service = store.service[incident]!;
  const serviceModel = world.org.services[service]!;
  const title = store.title[incident]!;
  const number = incident + 1;
  const created = isoUtc(store.createdAt[incident]!);
  const trigger = store.entryStart[incident]!;
  const triggerId = entryIdOf(ctx, trigger);
  const alerts = visibleAlertCount(ctx, incident);
  const status: IncidentStatus = state.status;
  return {
    id,
    type: 'incident',
    summary: `[#${number}] ${title}`,
    self: `${API_BASE}/incidents/${id}`,
    html_url: `${WEB_BASE}/incidents/${id}`,
    incident_number: number,
    title,
    created_at: created,
    updated_at: isoUtc(state.updatedAt),
    status,
    incident_key: hexKey(world.keys.incidentKey, incident),
    service: refs.service(service),
    assignments: stamped(ctx, state.assignments, 'assignee', service),
    assigned_via: 'escalation_policy',
    last_status_change_at: isoUtc(state.lastStatusChange.at),
    resolved_at: state.resolvedAt === null ? null : isoUtc(state.resolvedAt),
    first_trigger_log_entry: {
      id: triggerId,
      type: 'trigger_log_entry_reference',
      summary:
        store.entryChannel[trigger] === Channel.api
          ? 'Triggered through the API.'
          : 'Triggered through the website.',
      self: `${API_BASE}/log_entries/${triggerId}?incident_id=${id}`,
      html_url: `${WEB_BASE}/incidents/${id}/log_entries/${triggerId}`,
    },
    alert_counts: {
      all: alerts,
      triggered: status === 'resolved' ? 0 : alerts,
      resolved: status === 'resolved' ? alerts : 0,
    },
    is_mergeable: true,
    incident_type: { name: 'incident_default' },
    escalation_policy: refs.escalationPolicies[servicePolicyAt(serviceModel, store.createdAt[incident]!)]!,
    // PagerDuty stamps an incident with its escalation policy's team when it triggers: after a reorganisation
    // old incidents keep the old team.
    teams: [refs.team(serviceTeamAt(serviceModel, store.createdAt[incident]!))],
    pending_actions: pendingActions(ctx, incident, state),
    acknowledgements: stamped(ctx, state.acknowledgements, 'acknowledger', service),
    alert_grouping: {
      grouping_type: 'advanced',
      started_at: created,
      ended_at: null,
      alert_grouping_active: status !== 'resolved',
    },
    last_status_change_by: refs.agent(state.lastStatusChange.user, service),
    priority: priorityReference(world, store.priority[incident]!),
    resolve_reason: null,
    conference_bridge:
      store.severity[incident] === 1
        ? { conference_number: '+1-415-555-0199,,,,4242#', conference_url: `${WEB_BASE}/bridge/${id}` }
        : null,
    incidents_responders: [],
    responder_requests: [],
    urgency: store.urgency[incident] === 0 ? 'high' : 'low',
  };
}
