import { Namespace, namespaceKey, pdId } from '../../ids.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE } from '../../time.ts';
import { EntryType, type IncidentStore, type OrgModel, type PagerDutyWorld } from '../model.ts';
import { type Arrival, drawArrivals, FUTURE_SPAN, futureCount, strictlyIncreasing } from './arrivals.ts';
import { drawAttributes, serviceWeights } from './incidents.ts';
import { generateOrg } from './org.ts';
import { overloadOneResponder } from './overload.ts';
import { type ForcedTimeline, generateTimeline, type TimelineEntry } from './timeline.ts';

export interface WorldSize {
  incidents: number;
  days: number;
}

/**
 * Two incidents are always placed just before "now", so that every sandbox has something open: one still
 * triggered (acknowledged 25 minutes from now), one acknowledged and resolved about a day from now.
 */
const NEAR_NOW: Array<{ before: number; forced: ForcedTimeline }> = [
  { before: 50 * MINUTE, forced: { ackDelayMs: 4 * MINUTE, resolveAfterAckMs: 26 * HOUR } },
  { before: 7 * MINUTE, forced: { ackDelayMs: 25 * MINUTE, resolveAfterAckMs: 3 * HOUR } },
];

interface Growing {
  type: number[];
  at: number[];
  user: number[];
  agent: number[];
  channel: number[];
  incident: number[];
}

function pushEntries(target: Growing, entries: TimelineEntry[], incident: number): void {
  for (const e of entries) {
    target.type.push(e.type);
    target.at.push(e.at);
    target.user.push(e.user);
    target.agent.push(e.agent);
    target.channel.push(e.channel);
    target.incident.push(incident);
  }
}

/** Entry indices sorted by (time, index). Packs both into one float when exact, which sorts ~10x faster. */
function sortEntriesByTime(at: Float64Array): Uint32Array {
  const n = at.length;
  let maxSeconds = 0;
  for (let i = 0; i < n; i++) maxSeconds = Math.max(maxSeconds, at[i]! / 1000);
  const slots = 2 ** Math.ceil(Math.log2(n + 1));
  const order = new Uint32Array(n);
  if (maxSeconds * slots + slots < Number.MAX_SAFE_INTEGER && at.every((t) => t >= 0 && t % 1000 === 0)) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (at[i]! / 1000) * slots + i;
    keys.sort();
    for (let i = 0; i < n; i++) order[i] = keys[i]! % slots;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => at[a]! - at[b]! || a - b);
}

function arrivalsFor(seed: number, size: WorldSize, now: number): Arrival[] {
  const rng = new Rng(deriveSeed(seed, 2));
  const historyStart = now - size.days * DAY;
  const latestRandom = now - 60 * MINUTE;
  const randomCount = Math.max(0, size.incidents - NEAR_NOW.length);
  const history = drawArrivals(rng, randomCount, historyStart, latestRandom);
  const nearNow = NEAR_NOW.map((n) => ({ at: now - n.before, storm: -1 }));
  const past = strictlyIncreasing([...history, ...nearNow]);
  const future = drawArrivals(rng, futureCount(size.incidents, size.days), now + MINUTE, now + FUTURE_SPAN);
  return [...past, ...strictlyIncreasing(future, past.at(-1)?.at ?? now)];
}

function buildIncidents(seed: number, org: OrgModel, arrivals: Arrival[], now: number): IncidentStore {
  const count = arrivals.length;
  const weights = serviceWeights(new Rng(deriveSeed(seed, 3)), org);
  const stormService = new Map<number, number>();
  const forcedAt = new Map(NEAR_NOW.map((n) => [now - n.before, n.forced]));
  const store = {
    createdAt: new Float64Array(count),
    service: new Uint16Array(count),
    severity: new Uint8Array(count),
    priority: new Uint8Array(count),
    urgency: new Uint8Array(count),
    alertCount: new Uint8Array(count),
    firstAckAt: new Float64Array(count).fill(Number.NaN),
    resolvedAt: new Float64Array(count).fill(Number.NaN),
    entryStart: new Uint32Array(count + 1),
  };
  const title: string[] = new Array(count);
  const growing: Growing = { type: [], at: [], user: [], agent: [], channel: [], incident: [] };
  arrivals.forEach((arrival, i) => {
    const rng = new Rng(deriveSeed(seed, 7, i));
    let service = rng.weighted(weights);
    if (arrival.storm >= 0) {
      service = stormService.get(arrival.storm) ?? service;
      stormService.set(arrival.storm, service);
    }
    const attributes = drawAttributes(rng, org, service);
    const forced = forcedAt.get(arrival.at);
    const timeline = generateTimeline({
      rng,
      org,
      service,
      createdAt: arrival.at,
      severity: forced ? 2 : attributes.severity,
      urgency: forced ? 'high' : attributes.urgency,
      forced,
    });
    store.createdAt[i] = arrival.at;
    store.service[i] = service;
    store.severity[i] = forced ? 2 : attributes.severity;
    store.priority[i] = forced ? 2 : attributes.priority;
    store.urgency[i] = forced || attributes.urgency === 'high' ? 0 : 1;
    store.alertCount[i] = attributes.alertCount;
    title[i] = attributes.title;
    store.firstAckAt[i] = timeline.find((e) => e.type === EntryType.acknowledge)?.at ?? Number.NaN;
    store.resolvedAt[i] = timeline.findLast((e) => e.type === EntryType.resolve)?.at ?? Number.NaN;
    store.entryStart[i] = growing.type.length;
    pushEntries(growing, timeline, i);
  });
  store.entryStart[count] = growing.type.length;
  const entryAt = Float64Array.from(growing.at);
  const incidentKey = namespaceKey(seed, Namespace.incident);
  return {
    count,
    ids: arrivals.map((_, i) => pdId(incidentKey, i)),
    ...store,
    title,
    entryType: Uint8Array.from(growing.type),
    entryAt,
    entryUser: Int16Array.from(growing.user),
    entryAgent: Int16Array.from(growing.agent),
    entryChannel: Uint8Array.from(growing.channel),
    entryIncident: Uint32Array.from(growing.incident),
    entriesByTime: sortEntriesByTime(entryAt),
  };
}

/** The whole PagerDuty account: deterministic for (seed, size, now). */
export function generatePagerDutyWorld(seed: number, size: WorldSize, now: number): PagerDutyWorld {
  // The reorganisation falls on the midnight (UTC) halfway through the history.
  const reorganisedAt = Math.floor((now - (size.days * DAY) / 2) / DAY) * DAY;
  const org = generateOrg(seed, size.incidents, now - size.days * DAY, reorganisedAt);
  const overloadedUser = overloadOneResponder(org);
  const incidents = buildIncidents(seed, org, arrivalsFor(seed, size, now), now);
  return {
    seed,
    org,
    incidents,
    overloadedUser,
    keys: {
      logEntry: namespaceKey(seed, Namespace.logEntry),
      alert: namespaceKey(seed, Namespace.alert),
      incidentKey: namespaceKey(seed, Namespace.incidentKey),
    },
  };
}
