import { ApiError } from '../../../src/errors/index.ts';
import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { checkRecords, readableId } from '../../validate.ts';
import type { PagerDutyClient } from '../client.ts';
import { type Incident, incidentSchema, incidentStatuses } from '../schemas/incident.ts';
import { historyStart, type PagerDutyStreamOptions } from './options.ts';

/** Parallel `GET /incidents/{id}` while re-polling open incidents: well under 960 requests/min with retries. */
const REFRESH_CONCURRENCY = 4;

const listQuery = {
  'statuses[]': [...incidentStatuses],
  sort_by: 'created_at:asc',
  // Timestamps rendered in UTC instead of the account's zone; the payload is still stored as received.
  time_zone: 'UTC',
};

/**
 * Incidents by creation time, from `cursor − overlap` (or `startDate`) to `ctx.now`, windowed and split under
 * PagerDuty's 10,000-record pagination cap. Each page is a batch; the last page of each window carries
 * `cursor` = the window's end, so the cursor means "every incident created before it has been read".
 *
 * Creation-time filtering never sees an old incident change, so the ids in `ctx.refreshIds` (those the
 * warehouse still holds open) are then fetched one by one and yielded again (cursor null). Log entries carry
 * the same acknowledgements and resolutions; this keeps the incident row itself (status, resolved_at) current.
 */
export function incidentsStream(client: PagerDutyClient, options: PagerDutyStreamOptions): Stream<Incident> {
  return {
    source: 'pagerduty',
    name: 'incidents',
    primaryKey: (incident) => incident.id,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<Incident>> {
      const toRefresh = new Set(ctx.refreshIds ?? []);
      const pages = client.history({
        path: '/incidents',
        key: 'incidents',
        query: listQuery,
        start: historyStart(ctx.cursor, options),
        end: ctx.now,
        signal: ctx.signal,
      });
      for await (const page of pages) {
        const batch = checkRecords('incidents', incidentSchema, page.items);
        // Read just now, so already current: no need to fetch it again below.
        for (const incident of batch.records) toRefresh.delete(incident.id);
        yield { ...batch, cursor: page.completedUntil?.toISOString() ?? null };
      }
      yield* refreshIncidents(client, [...toRefresh], ctx);
    },
  };
}

async function* refreshIncidents(
  client: PagerDutyClient,
  ids: readonly string[],
  ctx: StreamContext,
): AsyncGenerator<StreamBatch<Incident>> {
  for (let i = 0; i < ids.length; i += client.pageSize) {
    const slice = ids.slice(i, i + client.pageSize);
    const found: unknown[] = [];
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < slice.length && !failed) {
        const id = slice[next++]!;
        try {
          const incident = await fetchIncident(client, id, ctx);
          if (incident !== undefined) found.push(incident);
        } catch (error) {
          failed = true; // the other workers stop taking ids; Promise.all reports this error
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, slice.length) }, worker));
    yield { ...checkRecords('incidents', incidentSchema, found), cursor: null };
  }
}

/** The incident's raw payload, or undefined when PagerDuty no longer has it (deleted, merged away). */
async function fetchIncident(client: PagerDutyClient, id: string, ctx: StreamContext): Promise<unknown> {
  try {
    const body = await client.get(`/incidents/${encodeURIComponent(id)}`, { time_zone: 'UTC' }, ctx.signal);
    const incident = typeof body === 'object' && body !== null ? Reflect.get(body, 'incident') : undefined;
    if (incident === undefined || readableId(incident) === null) {
      throw new ApiError(
        `PagerDuty GET /incidents/${id} at ${client.host} answered without an "incident"`,
        'pagerduty',
        200,
      );
    }
    return incident;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      ctx.log.warn(
        `pagerduty incident ${id} is open in the warehouse but PagerDuty answers 404 (deleted or merged?); skipped`,
      );
      return undefined;
    }
    throw error;
  }
}
