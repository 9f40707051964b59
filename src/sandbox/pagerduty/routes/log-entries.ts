import { addMonthsUtc } from '../../time.ts';
import { serviceTeamAt } from '../model.ts';
import { page, pageRequest } from '../pagination.ts';
import { arrayParam, booleanParam, INCIDENT_WINDOW, timeWindow } from '../params.ts';
import { renderIncident } from '../render/incident.ts';
import { isOverviewType, renderLogEntry } from '../render/log-entry.ts';
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

/**
 * Log entries of the whole account whose created_at is in [since, until) and not after "now", newest first.
 * Same window rules as `/incidents`: 30 days by default, at most 6 months.
 */
function selectEntries(ctx: RouteContext): Selection {
  const { query, world, now } = ctx;
  const store = world.incidents;
  const window = timeWindow(query, now, INCIDENT_WINDOW, addMonthsUtc);
  const overview = booleanParam(query, 'is_overview', false);
  const teamIds = new Set(arrayParam(query, 'team_ids'));
  return ctx.cache.get(selectionKey('/log_entries', ctx), () => {
    const byTime = store.entriesByTime;
    const at = (k: number) => store.entryAt[byTime[k]!]!;
    const from = lowerBound(byTime.length, at, window.since);
    const to = Math.min(lowerBound(byTime.length, at, window.until), upperBound(byTime.length, at, now));
    if (!overview && teamIds.size === 0) {
      const range = rangeSelection(from, to, true);
      return { count: range.count, at: (k) => byTime[range.at(k)]! };
    }
    const teams =
      teamIds.size > 0 ? new Set(world.org.teams.flatMap((t, i) => (teamIds.has(t.id) ? [i] : []))) : null;
    const picked: number[] = [];
    for (let k = from; k < to; k++) {
      const entry = byTime[k]!;
      if (overview && !isOverviewType(store.entryType[entry]!)) continue;
      const incident = store.entryIncident[entry]!;
      if (
        teams &&
        !teams.has(serviceTeamAt(world.org.services[store.service[incident]!]!, store.createdAt[incident]!))
      )
        continue;
      picked.push(entry);
    }
    return arraySelection(Uint32Array.from(picked), true);
  });
}

const listLogEntries: PagerDutyRoute = {
  pattern: /^\/log_entries$/,
  name: '/log_entries',
  handle(ctx) {
    const request = pageRequest(ctx.query, ctx.paginationCap);
    const selection = selectEntries(ctx);
    const withIncidents = arrayParam(ctx.query, 'include').includes('incidents');
    return page('log_entries', request, selection.count, (k) => {
      const entry = selection.at(k);
      const full = withIncidents ? renderIncident(ctx, ctx.world.incidents.entryIncident[entry]!) : undefined;
      return renderLogEntry(ctx, entry, full);
    });
  },
};

export const logEntryRoutes: PagerDutyRoute[] = [listLogEntries];
