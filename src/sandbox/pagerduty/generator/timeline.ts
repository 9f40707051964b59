import type { Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE, SECOND } from '../../time.ts';
import {
  Channel,
  type ChannelCode,
  EntryType,
  type EntryTypeCode,
  NO_USER,
  type OrgModel,
  SERVICE_AGENT,
  servicePolicyAt,
  serviceTeamAt,
} from '../model.ts';
import { userOnCallAt } from '../oncall.ts';

export interface TimelineEntry {
  type: EntryTypeCode;
  at: number;
  user: number;
  agent: number;
  channel: ChannelCode;
}

/** Pins parts of a timeline, used for the incidents placed right before "now" so every run has open ones. */
export interface ForcedTimeline {
  ackDelayMs: number;
  resolveAfterAckMs: number;
}

export interface TimelineInput {
  rng: Rng;
  org: OrgModel;
  service: number;
  createdAt: number;
  /** 1..4 */
  severity: number;
  urgency: 'high' | 'low';
  forced?: ForcedTimeline;
}

/** Median time to resolve after acknowledgement, by severity: major incidents get fixed faster. */
const RESOLVE_MEDIAN_MS = [0, 2 * HOUR, 3 * HOUR, 6 * HOUR, 18 * HOUR];
const NOTIFY_DELAYS_MS = [5 * SECOND, MINUTE, 5 * MINUTE];
const ACK_CHANNELS: ChannelCode[] = [
  Channel.website,
  Channel.website,
  Channel.mobile,
  Channel.sms,
  Channel.phone,
];

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
/** Log entry times have whole seconds, as PagerDuty renders them. */
const whole = (ms: number) => Math.round(ms / SECOND) * SECOND;

/**
 * One incident's full life as PagerDuty would log it: trigger, assignment, notifications, escalations while
 * nobody answers, acknowledgements (sometimes two, sometimes undone by the acknowledgement timeout),
 * re-assignments, notes and the resolution. Times are skewed like real on-call data: most acknowledgements in
 * minutes with a long tail, resolutions from minutes to days.
 */
export function generateTimeline(input: TimelineInput): TimelineEntry[] {
  const { rng, org, createdAt: t0, severity, urgency, forced } = input;
  const service = org.services[input.service]!;
  const policy = org.escalationPolicies[servicePolicyAt(service, t0)]!;
  const owner = serviceTeamAt(service, t0);
  const team = org.teams[owner] ? owner : 0;
  const teammates = teammatesOf(org, team);
  const entries: TimelineEntry[] = [];
  const add = (type: EntryTypeCode, at: number, user: number, agent: number, channel: ChannelCode) =>
    entries.push({ type, at: whole(at), user, agent, channel });
  const onCall = (level: number, at: number) =>
    userOnCallAt(org.schedules[policy.rules[level]!.schedule]!, at);
  const notify = (user: number, from: number, until: number) => {
    org.users[user]!.notifyChain.forEach((medium, k) => {
      const at = from + (NOTIFY_DELAYS_MS[k] ?? 10 * MINUTE);
      if (k === 0 || at < until) add(EntryType.notify, at, user, SERVICE_AGENT, medium);
    });
  };
  const otherThan = (user: number) => {
    const pool = teammates.filter((u) => u !== user);
    return pool.length > 0 ? rng.pick(pool) : user;
  };

  let assignee = onCall(0, t0);
  if (rng.chance(0.92)) add(EntryType.trigger, t0, NO_USER, SERVICE_AGENT, Channel.api);
  else add(EntryType.trigger, t0, NO_USER, otherThan(assignee), Channel.webTrigger);
  add(EntryType.assign, t0, assignee, SERVICE_AGENT, Channel.auto);

  const neverAcknowledged = !forced && rng.chance(urgency === 'high' ? 0.06 : 0.14);
  const ackAt = forced
    ? t0 + forced.ackDelayMs
    : t0 + clamp(rng.logNormal(urgency === 'high' ? 3 * MINUTE : 15 * MINUTE, 1.1), 15 * SECOND, 2 * DAY);
  let resolveAt = Number.POSITIVE_INFINITY;
  if (neverAcknowledged) {
    const autoResolve = service.autoResolveTimeout !== null && rng.chance(0.6);
    resolveAt = autoResolve
      ? t0 + (service.autoResolveTimeout ?? 0) * SECOND
      : t0 + clamp(rng.logNormal(25 * MINUTE, 0.9), 2 * MINUTE, 12 * HOUR);
  }
  const unanswered = neverAcknowledged ? resolveAt : ackAt;

  // Escalate level by level while nobody acknowledges (the policy loops are not walked: level 3 is the end).
  notify(assignee, t0, unanswered);
  let cursor = t0;
  for (let level = 1; level < policy.rules.length; level++) {
    cursor += policy.rules[level - 1]!.delayMinutes * MINUTE;
    if (cursor >= unanswered) break;
    assignee = onCall(level, cursor);
    add(EntryType.escalate, cursor, assignee, SERVICE_AGENT, Channel.timeout);
    notify(assignee, cursor, unanswered);
  }

  if (neverAcknowledged) {
    const byTimeout =
      service.autoResolveTimeout !== null && resolveAt - t0 === service.autoResolveTimeout * SECOND;
    add(EntryType.resolve, resolveAt, NO_USER, SERVICE_AGENT, byTimeout ? Channel.timeout : Channel.api);
    return sortStable(entries);
  }

  let acker = assignee;
  add(EntryType.acknowledge, ackAt, acker, acker, rng.pick(ACK_CHANNELS));
  resolveAt = forced
    ? ackAt + forced.resolveAfterAckMs
    : ackAt + clamp(rng.logNormal(RESOLVE_MEDIAN_MS[severity] ?? 6 * HOUR, 1.25), MINUTE, 21 * DAY);
  cursor = ackAt;

  if (!forced && rng.chance(0.1)) {
    const helper = otherThan(acker);
    const at = ackAt + rng.uniform(MINUTE, 15 * MINUTE);
    if (at < resolveAt && helper !== acker) {
      add(EntryType.acknowledge, at, helper, helper, rng.pick(ACK_CHANNELS));
      cursor = at;
    }
  }

  // The acknowledgement timeout returns the incident to triggered; the responder acknowledges it again.
  const timeout = service.acknowledgementTimeout;
  if (!forced && timeout !== null && ackAt + timeout * SECOND < resolveAt && rng.chance(0.6)) {
    const undoneAt = ackAt + timeout * SECOND;
    add(EntryType.unacknowledge, undoneAt, acker, SERVICE_AGENT, Channel.timeout);
    const again = undoneAt + clamp(rng.logNormal(3 * MINUTE, 0.8), 20 * SECOND, 10 * MINUTE);
    notify(acker, undoneAt, again);
    add(EntryType.acknowledge, again, acker, acker, rng.pick(ACK_CHANNELS));
    cursor = again;
    if (resolveAt <= again) resolveAt = again + clamp(rng.logNormal(15 * MINUTE, 1), MINUTE, DAY);
  }

  // Hand-over to a teammate: PagerDuty puts the incident back to triggered until the new assignee acknowledges.
  if (!forced && rng.chance(0.12)) {
    const next = otherThan(acker);
    if (next !== acker) {
      const at = cursor + (resolveAt - cursor) * rng.uniform(0.1, 0.5);
      add(EntryType.assign, at, next, acker, Channel.website);
      const again = at + clamp(rng.logNormal(4 * MINUTE, 0.8), 20 * SECOND, 10 * MINUTE);
      notify(next, at, again);
      add(EntryType.acknowledge, again, next, next, rng.pick(ACK_CHANNELS));
      acker = next;
      if (resolveAt <= again) resolveAt = again + clamp(rng.logNormal(30 * MINUTE, 1), MINUTE, DAY);
    }
  }

  if (!forced && rng.chance(0.35)) {
    const notes = rng.int(1, 3);
    for (let k = 0; k < notes; k++) {
      const author = rng.chance(0.7) ? acker : otherThan(acker);
      add(EntryType.annotate, rng.uniform(ackAt, resolveAt), author, author, Channel.note);
    }
  }

  if (rng.chance(0.8)) add(EntryType.resolve, resolveAt, acker, acker, Channel.website);
  else add(EntryType.resolve, resolveAt, NO_USER, SERVICE_AGENT, Channel.api);
  return sortStable(entries);
}

const teammateCache = new WeakMap<OrgModel, number[][]>();

/** Engineers (not managers) of each team, computed once per org: this runs for every incident. */
function teammatesOf(org: OrgModel, team: number): number[] {
  let byTeam = teammateCache.get(org);
  if (!byTeam) {
    byTeam = org.teams.map((_, t) =>
      org.users.flatMap((u, i) => (u.teams.includes(t) && u.role !== 'admin' ? [i] : [])),
    );
    teammateCache.set(org, byTeam);
  }
  return byTeam[team] ?? [];
}

/** Time order; entries at the same second keep the order in which they happened. */
function sortStable(entries: TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);
}
