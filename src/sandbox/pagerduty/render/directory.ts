import { Namespace, namespaceKey, pdId } from '../../ids.ts';
import { isoInZone } from '../../time.ts';
import { ACCOUNT_TIME_ZONE, API_BASE, Channel, type ChannelCode, WEB_BASE } from '../model.ts';
import type { RenderContext } from './refs.ts';

/**
 * Directory objects (teams, users, services, escalation policies, priorities) with the keys of PagerDuty's
 * list examples. Services render `created_at` in the account's zone with an offset, as PagerDuty does.
 */

export function renderTeam(ctx: RenderContext, team: number): Record<string, unknown> {
  const t = ctx.world.org.teams[team]!;
  return { ...ctx.refs.team(team), type: 'team', name: t.name, description: t.description };
}

const CONTACT_TYPES: Record<number, string> = {
  [Channel.email]: 'email_contact_method',
  [Channel.sms]: 'sms_contact_method',
  [Channel.phone]: 'phone_contact_method',
  [Channel.push]: 'push_notification_contact_method',
};

function contactMethods(ctx: RenderContext, user: number, full: boolean): unknown[] {
  const u = ctx.world.org.users[user]!;
  const key = namespaceKey(ctx.world.seed, Namespace.contactMethod);
  const media: ChannelCode[] = [Channel.email, ...u.notifyChain.filter((m) => m !== Channel.email)];
  return media.map((medium, k) => {
    const id = pdId(key, user * 8 + k);
    const type = CONTACT_TYPES[medium] ?? 'email_contact_method';
    const self = `${API_BASE}/users/${u.id}/contact_methods/${id}`;
    if (!full) return { id, type: `${type}_reference`, summary: k === 0 ? 'Default' : 'Mobile', self };
    const address = medium === Channel.email ? u.email : medium === Channel.push ? 'Mobile app' : u.phone;
    return {
      id,
      type,
      summary: k === 0 ? 'Default' : 'Mobile',
      self,
      html_url: null,
      label: k === 0 ? 'Default' : 'Mobile',
      address,
    };
  });
}

export function renderUser(
  ctx: RenderContext,
  user: number,
  includeContactMethods: boolean,
): Record<string, unknown> {
  const u = ctx.world.org.users[user]!;
  const ruleKey = namespaceKey(ctx.world.seed, Namespace.notificationRule);
  const ruleId = pdId(ruleKey, user);
  return {
    ...ctx.refs.user(user),
    type: 'user',
    name: u.name,
    email: u.email,
    time_zone: u.timeZone,
    color: u.color,
    role: u.role,
    avatar_url: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png',
    description: `${u.jobTitle} on ${u.teams.map((t) => ctx.world.org.teams[t]!.name).join(' and ')}`,
    invitation_sent: false,
    created_via_sso: u.createdViaSso,
    contact_methods: contactMethods(ctx, user, includeContactMethods),
    notification_rules: [
      {
        id: ruleId,
        type: 'assignment_notification_rule_reference',
        summary: 'Default',
        self: `${API_BASE}/users/${u.id}/notification_rules/${ruleId}`,
        html_url: null,
      },
    ],
    job_title: u.jobTitle,
    teams: u.teams.map((t) => ctx.refs.team(t)),
  };
}

export function renderService(ctx: RenderContext, service: number): Record<string, unknown> {
  const s = ctx.world.org.services[service]!;
  const team = ctx.world.org.teams[s.team]!;
  const base = ctx.refs.service(service);
  return {
    id: s.id,
    summary: s.name,
    type: 'service',
    self: base.self,
    html_url: base.html_url,
    name: s.name,
    auto_resolve_timeout: s.autoResolveTimeout,
    acknowledgement_timeout: s.acknowledgementTimeout,
    created_at: isoInZone(s.createdAt, ACCOUNT_TIME_ZONE),
    status: 'active',
    alert_creation: 'create_alerts_and_incidents',
    alert_grouping_parameters: { type: 'intelligent' },
    integrations: [
      {
        id: s.integrationId,
        type: 'generic_events_api_inbound_integration_reference',
        summary: 'Events API v2',
        self: `${API_BASE}/services/${s.id}/integrations/${s.integrationId}`,
        html_url: `${WEB_BASE}/services/${s.id}/integrations/${s.integrationId}`,
      },
    ],
    escalation_policy: ctx.refs.escalationPolicies[s.escalationPolicy]!,
    teams: [ctx.refs.team(s.team)],
    incident_urgency_rule: {
      type: 'use_support_hours',
      during_support_hours: { type: 'constant', urgency: 'high' },
      outside_support_hours: { type: 'constant', urgency: 'low' },
    },
    support_hours: {
      type: 'fixed_time_per_day',
      time_zone: team.timeZone,
      start_time: '09:00:00',
      end_time: '17:00:00',
      days_of_week: [1, 2, 3, 4, 5],
    },
    scheduled_actions: [
      { type: 'urgency_change', at: { type: 'named_time', name: 'support_hours_start' }, to_urgency: 'high' },
    ],
    auto_pause_notifications_parameters: { enabled: false, timeout: 300 },
  };
}

export function renderEscalationPolicy(ctx: RenderContext, policy: number): Record<string, unknown> {
  const p = ctx.world.org.escalationPolicies[policy]!;
  const base = ctx.refs.escalationPolicies[policy]!;
  return {
    id: p.id,
    type: 'escalation_policy',
    summary: p.name,
    on_call_handoff_notifications: 'if_has_services',
    self: base.self,
    html_url: base.html_url,
    name: p.name,
    escalation_rules: p.rules.map((rule) => ({
      id: rule.id,
      escalation_delay_in_minutes: rule.delayMinutes,
      targets: [ctx.refs.schedules[rule.schedule]!],
    })),
    services: p.services.map((s) => ctx.refs.service(s)),
    num_loops: p.numLoops,
    teams: [ctx.refs.team(p.team)],
  };
}

export function renderPriority(ctx: RenderContext, priority: number): Record<string, unknown> {
  const p = ctx.world.org.priorities[priority]!;
  return {
    id: p.id,
    type: 'priority',
    summary: p.name,
    self: `${API_BASE}/priorities/${p.id}`,
    name: p.name,
    description: p.description,
  };
}
