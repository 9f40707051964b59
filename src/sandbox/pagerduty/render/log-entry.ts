import { logEntryId } from '../../ids.ts';
import { isoUtc } from '../../time.ts';
import { NOTES } from '../generator/names.ts';
import { API_BASE, Channel, EntryType, NO_USER, SERVICE_AGENT, serviceTeamAt, WEB_BASE } from '../model.ts';
import type { RenderContext } from './refs.ts';

export const LOG_ENTRY_TYPES = [
  'trigger_log_entry',
  'assign_log_entry',
  'notify_log_entry',
  'acknowledge_log_entry',
  'unacknowledge_log_entry',
  'escalate_log_entry',
  'annotate_log_entry',
  'resolve_log_entry',
] as const;

/** `is_overview=true` leaves out the noisy entries (notifications), as PagerDuty's overview timeline does. */
export function isOverviewType(type: number): boolean {
  return type !== EntryType.notify;
}

const CHANNEL_NAMES = [
  'api',
  'auto',
  'website',
  'timeout',
  'note',
  'sms',
  'phone',
  'email',
  'push_notification',
  'web_trigger',
  'mobile',
] as const;

const MEDIUM_WORDS: Record<number, string> = {
  [Channel.sms]: 'SMS',
  [Channel.phone]: 'phone',
  [Channel.email]: 'email',
  [Channel.push]: 'push notification',
};

export function entryIdOf(ctx: RenderContext, entry: number): string {
  return logEntryId(ctx.world.keys.logEntry, entry);
}

function summaryOf(ctx: RenderContext, entry: number): string {
  const store = ctx.world.incidents;
  const name = (u: number) => (u === NO_USER ? 'unknown' : ctx.world.org.users[u]!.name);
  const user = store.entryUser[entry]!;
  const agent = store.entryAgent[entry]!;
  const channel = store.entryChannel[entry]!;
  switch (store.entryType[entry]) {
    case EntryType.trigger:
      return channel === Channel.api
        ? 'Triggered through the API.'
        : `Triggered through the website by ${name(agent)}.`;
    case EntryType.assign:
      return agent === SERVICE_AGENT
        ? `Assigned to ${name(user)}.`
        : `Assigned to ${name(user)} by ${name(agent)}.`;
    case EntryType.notify:
      return `Notified ${name(user)} by ${MEDIUM_WORDS[channel] ?? 'email'}.`;
    case EntryType.acknowledge:
      return `Acknowledged by ${name(user)}.`;
    case EntryType.unacknowledge:
      return 'Unacknowledged due to timeout.';
    case EntryType.escalate:
      return `Escalated to ${name(user)} by timeout.`;
    case EntryType.annotate:
      return `Note added by ${name(user)}.`;
    default:
      if (agent !== SERVICE_AGENT) return `Resolved by ${name(agent)}.`;
      return channel === Channel.timeout ? 'Resolved by timeout.' : 'Resolved through the API.';
  }
}

/** The `channel` object; notifications also say where they went, as PagerDuty's notify entries do. */
function channelOf(ctx: RenderContext, entry: number): Record<string, unknown> {
  const store = ctx.world.incidents;
  const channel = store.entryChannel[entry]!;
  const type = CHANNEL_NAMES[channel] ?? 'auto';
  if (store.entryType[entry] === EntryType.notify) {
    const user = ctx.world.org.users[store.entryUser[entry]!]!;
    const address = channel === Channel.email ? user.email : channel === Channel.push ? null : user.phone;
    return { type, notification: { type, address, status: 'success' } };
  }
  if (store.entryType[entry] === EntryType.annotate) {
    return { type, summary: NOTES[entry % NOTES.length]! };
  }
  return { type };
}

/**
 * One log entry with the keys of PagerDuty's list example (`id` ... `event_details`), then the keys PagerDuty
 * adds per type: `acknowledgement_timeout` on acknowledgements, `assignees` on assignments and escalations,
 * `user` on notifications. `incident` is a reference unless the full incident object is given.
 */
export function renderLogEntry(
  ctx: RenderContext,
  entry: number,
  fullIncident?: unknown,
): Record<string, unknown> {
  const store = ctx.world.incidents;
  const incident = store.entryIncident[entry]!;
  const service = store.service[incident]!;
  const team = serviceTeamAt(ctx.world.org.services[service]!, store.createdAt[incident]!);
  const incidentId = store.ids[incident]!;
  const id = entryIdOf(ctx, entry);
  const type = store.entryType[entry]!;
  const summary = summaryOf(ctx, entry);
  const out: Record<string, unknown> = {
    id,
    type: LOG_ENTRY_TYPES[type],
    summary,
    self: `${API_BASE}/log_entries/${id}?incident_id=${incidentId}`,
    html_url: `${WEB_BASE}/incidents/${incidentId}/log_entries/${id}`,
    created_at: isoUtc(store.entryAt[entry]!),
    agent: ctx.refs.agent(store.entryAgent[entry]!, service),
    channel: channelOf(ctx, entry),
    service: ctx.refs.service(service),
    incident: fullIncident ?? incidentReference(ctx, incident),
    teams: [ctx.refs.team(team)],
    contexts: [],
    event_details: type === EntryType.trigger ? { description: store.title[incident]! } : {},
  };
  const user = store.entryUser[entry]!;
  if (type === EntryType.acknowledge) {
    out.acknowledgement_timeout = ctx.world.org.services[service]!.acknowledgementTimeout;
  } else if (type === EntryType.assign || type === EntryType.escalate) {
    out.assignees = [ctx.refs.user(user)];
  } else if (type === EntryType.notify) {
    out.user = ctx.refs.user(user);
  }
  return out;
}

export function incidentReference(ctx: RenderContext, incident: number): Record<string, unknown> {
  const store = ctx.world.incidents;
  const id = store.ids[incident]!;
  return {
    id,
    type: 'incident_reference',
    summary: `[#${incident + 1}] ${store.title[incident]!}`,
    self: `${API_BASE}/incidents/${id}`,
    html_url: `${WEB_BASE}/incidents/${id}`,
  };
}
