import { hexKey, pdId } from '../../ids.ts';
import { isoInZone, isoUtc } from '../../time.ts';
import { ACCOUNT_TIME_ZONE, API_BASE, WEB_BASE } from '../model.ts';
import { ALERT_SPACING_MS } from './incident.ts';
import type { RenderContext } from './refs.ts';

const ALERT_SEVERITY = ['', 'critical', 'critical', 'error', 'warning'] as const;

/** Alert `k` of `incident`, with the keys of PagerDuty's `/incidents/{id}/alerts` example. */
export function renderAlert(
  ctx: RenderContext,
  incident: number,
  k: number,
  resolved: boolean,
): Record<string, unknown> {
  const store = ctx.world.incidents;
  const incidentId = store.ids[incident]!;
  const service = store.service[incident]!;
  const serviceModel = ctx.world.org.services[service]!;
  const id = pdId(ctx.world.keys.alert, incident * 4 + k);
  return {
    id,
    type: 'alert',
    summary: store.title[incident]!,
    self: `${API_BASE}/incidents/${incidentId}/alerts/${id}`,
    html_url: `${WEB_BASE}/alerts/${id}`,
    created_at: isoUtc(store.createdAt[incident]! + k * ALERT_SPACING_MS),
    status: resolved ? 'resolved' : 'triggered',
    alert_key: hexKey(ctx.world.keys.alert, incident * 4 + k),
    service: ctx.refs.service(service),
    body: {
      type: 'alert_body',
      contexts: [],
      details: {
        source: `${serviceModel.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-monitor`,
        check: k + 1,
      },
    },
    incident: { id: incidentId, type: 'incident_reference' },
    suppressed: false,
    severity: ALERT_SEVERITY[store.severity[incident]!] ?? 'warning',
    integration: {
      id: serviceModel.integrationId,
      type: 'generic_events_api_inbound_integration_reference',
      summary: 'Events API v2',
      self: `${API_BASE}/services/${serviceModel.id}/integrations/${serviceModel.integrationId}`,
      html_url: `${WEB_BASE}/services/${serviceModel.id}/integrations/${serviceModel.integrationId}`,
    },
  };
}

export interface OnCallShift {
  policy: number;
  level: number;
  schedule: number;
  user: number;
  start: number;
  end: number;
}

/** An on-call period; `start`/`end` carry the account zone's offset, like PagerDuty's example. */
export function renderOnCall(
  ctx: RenderContext,
  shift: OnCallShift,
  zone = ACCOUNT_TIME_ZONE,
): Record<string, unknown> {
  return {
    user: ctx.refs.user(shift.user),
    schedule: ctx.refs.schedules[shift.schedule]!,
    escalation_policy: ctx.refs.escalationPolicies[shift.policy]!,
    escalation_level: shift.level,
    start: isoInZone(shift.start, zone),
    end: isoInZone(shift.end, zone),
  };
}
