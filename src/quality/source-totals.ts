import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Check, Finding } from './types.ts';

/**
 * Per stream and UTC day (in total where the mart keeps no matching timestamp): the records the source returned (raw tables hold every validated record as received;
 * rejected ones are counted by rejected_rows) against the rows the marts built from them. A difference means
 * a model dropped or duplicated rows. PagerDuty's own `total` is only requested to split large windows and is
 * not kept, so the raw tables stand for the source here.
 */
/** Totals only (no day), for streams whose mart keeps no timestamp the raw payload has. */
const allDays = 'CAST(NULL AS DATE) AS day';

const streams = [
  {
    stream: 'pagerduty.incidents',
    source: `SELECT CAST(CAST(payload ->> 'created_at' AS TIMESTAMPTZ) AS DATE) AS day, count(*) AS n
             FROM raw_pagerduty__incidents GROUP BY 1`,
    warehouse:
      "SELECT CAST(detected_at AS DATE) AS day, count(*) AS n FROM incidents WHERE source = 'pagerduty' GROUP BY 1",
  },
  {
    stream: 'pagerduty.users',
    source: `SELECT ${allDays}, count(*) AS n FROM raw_pagerduty__users`,
    warehouse: `SELECT ${allDays}, count(*) AS n FROM people WHERE source = 'pagerduty'`,
  },
  {
    stream: 'jira.action_items',
    source: `SELECT CAST(CAST(payload -> 'fields' ->> 'created' AS TIMESTAMPTZ) AS DATE) AS day, count(*) AS n
             FROM raw_jira__action_items GROUP BY 1`,
    warehouse:
      "SELECT CAST(created_at AS DATE) AS day, count(*) AS n FROM action_items WHERE source = 'jira' GROUP BY 1",
  },
  {
    stream: 'jira.postmortems',
    source: `SELECT ${allDays}, count(*) AS n FROM raw_jira__postmortems`,
    warehouse: `SELECT ${allDays}, count(*) AS n FROM postmortems`,
  },
  {
    stream: 'github.deployments',
    source: `SELECT CAST(CAST(payload ->> 'created_at' AS TIMESTAMPTZ) AS DATE) AS day, count(*) AS n
             FROM raw_github__deployments GROUP BY 1`,
    warehouse:
      "SELECT CAST(started_at AS DATE) AS day, count(*) AS n FROM deploys WHERE deploy_kind = 'deployments' GROUP BY 1",
  },
  {
    stream: 'github.releases',
    source: `SELECT ${allDays}, count(*) AS n FROM raw_github__releases`,
    warehouse: `SELECT ${allDays}, count(*) AS n FROM deploys WHERE deploy_kind = 'releases'`,
  },
  {
    stream: 'github.issues',
    source: `SELECT ${allDays}, count(*) AS n FROM raw_github__issues`,
    warehouse: `SELECT ${allDays}, count(*) AS n FROM action_items WHERE source = 'github'`,
  },
] as const;

async function compareStream(warehouse: Warehouse, s: (typeof streams)[number]): Promise<Finding> {
  const days = await warehouse.all<{ day: string; source_n: number; warehouse_n: number }>(
    `WITH s AS (${s.source}), w AS (${s.warehouse})
     SELECT coalesce(CAST(coalesce(s.day, w.day) AS VARCHAR), 'all days') AS day, coalesce(s.n, 0) AS source_n,
       coalesce(w.n, 0) AS warehouse_n
     FROM s FULL OUTER JOIN w ON s.day IS NOT DISTINCT FROM w.day
     WHERE coalesce(s.n, 0) <> coalesce(w.n, 0) ORDER BY 1`,
  );
  const totals = await warehouse.one<{ source_n: number; warehouse_n: number }>(
    `SELECT (SELECT coalesce(sum(n), 0) FROM (${s.source})) AS source_n, (SELECT coalesce(sum(n), 0) FROM (${s.warehouse})) AS warehouse_n`,
  );
  const summary = `source ${totals?.source_n ?? 0}, warehouse ${totals?.warehouse_n ?? 0}`;
  if (days.length === 0)
    return { subject: s.stream, affectedRows: 0, detail: `${summary}; every day agrees` };
  const shown = days.slice(0, 5).map((d) => `${d.day}: ${d.source_n} vs ${d.warehouse_n}`);
  return {
    subject: s.stream,
    affectedRows: days.reduce((n, d) => n + Math.abs(d.source_n - d.warehouse_n), 0),
    detail: `${summary}; ${days.length} day(s) differ: ${shown.join(', ')}${days.length > 5 ? ', …' : ''}`,
  };
}

export const sourceTotalsCheck: Check = {
  name: 'source_totals',
  defaultSeverity: 'error',
  description:
    'Per stream and UTC day, records received from the source (raw tables) against rows in the warehouse marts.',
  async run(warehouse) {
    const findings: Finding[] = [];
    for (const s of streams) findings.push(await compareStream(warehouse, s));
    return findings;
  },
};
