import type { SyncResult } from '../pipeline/sync.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { formatRows } from './format.ts';

const day = 86_400_000;

/** Some cursors are JSON documents (per-repository progress): show the instant they cover, not the document. */
export function shortCursor(cursor: string | null): string {
  if (cursor === null) return '';
  if (!cursor.startsWith('{')) return cursor;
  try {
    const at = (JSON.parse(cursor) as { at?: unknown }).at;
    return typeof at === 'string' ? at : '(per-repository)';
  } catch {
    return cursor.slice(0, 32);
  }
}

export async function incidentSummary(warehouse: Warehouse, now: Date, days = 90) {
  return warehouse.all(
    `SELECT coalesce(t.name, i.team_key) AS team, coalesce(i.severity, 'unmapped') AS severity,
       count(*) AS incidents,
       count(i.minutes_to_acknowledge) AS acked,
       round(avg(i.minutes_to_acknowledge), 1) AS mtta_mean,
       round(median(i.minutes_to_acknowledge), 1) AS mtta_median,
       count(i.minutes_to_resolve) AS resolved,
       round(avg(i.minutes_to_resolve), 1) AS mttr_mean,
       round(median(i.minutes_to_resolve), 1) AS mttr_median,
       round(quantile_cont(i.minutes_to_resolve, 0.9), 1) AS mttr_p90
     FROM incidents AS i LEFT JOIN teams AS t USING (team_key)
     WHERE i.detected_at >= $since AND i.detected_at <= $now
     GROUP BY ALL ORDER BY team, severity`,
    { since: new Date(now.getTime() - days * day).toISOString(), now: now.toISOString() },
  );
}

export async function renderSummary(warehouse: Warehouse, result: SyncResult, now: Date): Promise<string> {
  const streams = result.outcomes.map((o) => ({
    stream: `${o.source}.${o.stream}`,
    records: o.records,
    rejected: o.rejects,
    status: o.status,
    cursor: shortCursor(o.cursorAfter),
  }));
  const totals = await warehouse.all(
    `SELECT 'incidents' AS "table", count(*) AS "rows" FROM incidents
     UNION ALL SELECT 'incident_events', count(*) FROM incident_events
     UNION ALL SELECT 'teams', count(*) FROM teams
     UNION ALL SELECT 'services', count(*) FROM services
     UNION ALL SELECT 'people', count(*) FROM people
     UNION ALL SELECT 'postmortems', count(*) FROM postmortems
     UNION ALL SELECT 'action_items', count(*) FROM action_items
     UNION ALL SELECT 'deploys', count(*) FROM deploys
     UNION ALL SELECT 'pages', count(*) FROM pages
     UNION ALL SELECT 'oncall_shifts', count(*) FROM oncall_shifts
     UNION ALL SELECT 'dq_rejects', count(*) FROM dq_rejects`,
  );
  const metrics = await incidentSummary(warehouse, now);
  const columns = [
    'team',
    'severity',
    'incidents',
    'acked',
    'mtta_mean',
    'mtta_median',
    'resolved',
    'mttr_mean',
    'mttr_median',
    'mttr_p90',
  ];
  return [
    `Sync ${result.runId}: ${result.status} in ${(result.durationMs / 1000).toFixed(1)} s, ${result.requests} requests`,
    formatRows(streams, ['stream', 'records', 'rejected', 'status', 'cursor'], 'table'),
    'Warehouse tables:',
    formatRows(totals, ['table', 'rows'], 'table'),
    'MTTA / MTTR (minutes) per team and severity, incidents detected in the last 90 days:',
    formatRows(metrics, columns, 'table'),
  ].join('\n');
}
