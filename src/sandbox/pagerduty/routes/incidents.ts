import { addMonthsUtc } from '../../time.ts';
import { invalidInput, notFound } from '../errors.ts';
import { type IncidentStatus, serviceTeamAt } from '../model.ts';
import { page, pageRequest } from '../pagination.ts';
import {
  arrayParam,
  booleanParam,
  dateParam,
  enumArray,
  INCIDENT_WINDOW,
  requestZone,
  timeWindow,
} from '../params.ts';
import { renderAlert } from '../render/alert.ts';
import { renderIncident, visibleAlertCount } from '../render/incident.ts';
import { isOverviewType, renderLogEntry } from '../render/log-entry.ts';
import { statusAt, visibleEntryEnd } from '../state.ts';
import {
  arraySelection,
  lowerBound,
  type PagerDutyRoute,
  type RouteContext,
  rangeSelection,
  type Selection,
  selectionKey,
  upperBound,
} from './context.ts';

const STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];
const SORTABLE = ['created_at', 'incident_number'];

/** `sort_by`: created_at (default, ascending) or incident_number, `:asc` or `:desc`; both orders coincide. */
function descendingSort(query: URLSearchParams): boolean {
  const raw = arrayParam(query, 'sort_by')[0];
  if (raw === undefined) return false;
  const [field = '', direction = 'asc'] = raw.split(':');
  if (!SORTABLE.includes(field) || (direction !== 'asc' && direction !== 'desc')) {
    throw invalidInput(
      `sort_by '${raw}' is not supported by the sandbox (use created_at or incident_number, :asc or :desc).`,
    );
  }
  return direction === 'desc';
}

function indexesOf(ids: string[], all: Array<{ id: string }>): Set<number> {
  const wanted = new Set(ids);
  return new Set(all.flatMap((item, i) => (wanted.has(item.id) ? [i] : [])));
}

function selectIncidents(ctx: RouteContext, descending: boolean): Selection {
  const { query, world, now } = ctx;
  const store = world.incidents;
  const all = query.get('date_range') === 'all';
  const window = all ? null : timeWindow(query, now, INCIDENT_WINDOW, addMonthsUtc);
  const statuses = enumArray(query, 'statuses', STATUSES);
  const urgencies = enumArray(query, 'urgencies', ['high', 'low'] as const);
  const serviceIds = arrayParam(query, 'service_ids');
  const teamIds = arrayParam(query, 'team_ids');
  return ctx.cache.get(selectionKey('/incidents', ctx), () => {
    const created = (i: number) => store.createdAt[i]!;
    const visibleEnd = upperBound(store.count, created, now);
    const from = window ? lowerBound(store.count, created, window.since) : 0;
    const to = window ? Math.min(visibleEnd, lowerBound(store.count, created, window.until)) : visibleEnd;
    if (statuses.length + urgencies.length + serviceIds.length + teamIds.length === 0) {
      return rangeSelection(from, to, descending);
    }
    const services = serviceIds.length > 0 ? indexesOf(serviceIds, world.org.services) : null;
    const teams = teamIds.length > 0 ? indexesOf(teamIds, world.org.teams) : null;
    const picked: number[] = [];
    for (let i = from; i < to; i++) {
      const service = store.service[i]!;
      if (services && !services.has(service)) continue;
      if (teams && !teams.has(serviceTeamAt(world.org.services[service]!, store.createdAt[i]!))) continue;
      if (urgencies.length > 0 && !urgencies.includes(store.urgency[i] === 0 ? 'high' : 'low')) continue;
      if (statuses.length > 0 && !statuses.includes(statusAt(store, i, now))) continue;
      picked.push(i);
    }
    return arraySelection(Uint32Array.from(picked), descending);
  });
}

function findIncident(ctx: RouteContext, id: string): number {
  const index = ctx.incidentIndex.get(id);
  if (index === undefined || ctx.world.incidents.createdAt[index]! > ctx.now) throw notFound();
  return index;
}

const listIncidents: PagerDutyRoute = {
  pattern: /^\/incidents$/,
  name: '/incidents',
  handle(ctx) {
    const request = pageRequest(ctx.query, ctx.paginationCap);
    const selection = selectIncidents(ctx, descendingSort(ctx.query));
    return page('incidents', request, selection.count, (k) => renderIncident(ctx, selection.at(k)));
  },
};

const getIncident: PagerDutyRoute = {
  pattern: /^\/incidents\/([^/]+)$/,
  name: '/incidents/{id}',
  handle(ctx, [id = '']) {
    return { incident: renderIncident(ctx, findIncident(ctx, id)) };
  },
};

/** One incident's visible log, newest first (PagerDuty's order), optionally overview-only or time-bounded. */
const incidentLogEntries: PagerDutyRoute = {
  pattern: /^\/incidents\/([^/]+)\/log_entries$/,
  name: '/incidents/{id}/log_entries',
  handle(ctx, [id = '']) {
    const incident = findIncident(ctx, id);
    const request = pageRequest(ctx.query, ctx.paginationCap);
    const zone = requestZone(ctx.query);
    const since = dateParam(ctx.query, 'since', zone) ?? Number.NEGATIVE_INFINITY;
    const until = dateParam(ctx.query, 'until', zone) ?? Number.POSITIVE_INFINITY;
    const overview = booleanParam(ctx.query, 'is_overview', false);
    const withIncident = arrayParam(ctx.query, 'include').includes('incidents');
    const store = ctx.world.incidents;
    const entries: number[] = [];
    for (let e = visibleEntryEnd(store, incident, ctx.now) - 1; e >= store.entryStart[incident]!; e--) {
      const at = store.entryAt[e]!;
      if (at < since || at >= until || (overview && !isOverviewType(store.entryType[e]!))) continue;
      entries.push(e);
    }
    const full = withIncident ? renderIncident(ctx, incident) : undefined;
    return page('log_entries', request, entries.length, (k) => renderLogEntry(ctx, entries[k]!, full));
  },
};

const incidentAlerts: PagerDutyRoute = {
  pattern: /^\/incidents\/([^/]+)\/alerts$/,
  name: '/incidents/{id}/alerts',
  handle(ctx, [id = '']) {
    const incident = findIncident(ctx, id);
    const request = pageRequest(ctx.query, ctx.paginationCap);
    const resolved = statusAt(ctx.world.incidents, incident, ctx.now) === 'resolved';
    const count = visibleAlertCount(ctx, incident);
    return page('alerts', request, count, (k) => renderAlert(ctx, incident, k, resolved));
  },
};

export const incidentRoutes: PagerDutyRoute[] = [
  listIncidents,
  getIncident,
  incidentLogEntries,
  incidentAlerts,
];
