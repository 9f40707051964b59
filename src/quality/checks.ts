import type { DqLevel } from '../config/outputs.ts';
import { sourceTotalsCheck } from './source-totals.ts';
import type { Check } from './types.ts';

const examples = (keys: unknown[]) =>
  keys.length === 0 ? '' : `; e.g. ${keys.slice(0, 5).map(String).join(', ')}${keys.length > 5 ? ', …' : ''}`;

/** A check that counts rows matching a condition and names a few of them. */
function countingCheck(
  name: string,
  defaultSeverity: DqLevel,
  description: string,
  sql: string,
  what: string,
): Check {
  return {
    name,
    defaultSeverity,
    description,
    async run(warehouse) {
      const rows = await warehouse.all<{ k: string }>(sql);
      return [
        {
          subject: '(all)',
          affectedRows: rows.length,
          detail:
            rows.length === 0 ? `no ${what}` : `${rows.length} ${what}${examples(rows.map((r) => r.k))}`,
        },
      ];
    },
  };
}

const freshness: Check = {
  name: 'freshness',
  defaultSeverity: 'error',
  description:
    'Each source that was ever synced had a successful stream within dq.freshness_hours (default 36).',
  async run(warehouse, { now, freshnessHours }) {
    const rows = await warehouse.all<{ source: string; last_ok: string | null }>(
      `SELECT source, CAST(max(finished_at) FILTER (WHERE status = 'succeeded') AS VARCHAR) AS last_ok
       FROM sync_run_streams GROUP BY source ORDER BY source`,
    );
    if (rows.length === 0)
      return [{ subject: '(all)', affectedRows: 1, detail: 'no source was ever synced' }];
    return rows.map(({ source, last_ok }) => {
      const hours = last_ok ? (now.getTime() - new Date(last_ok).getTime()) / 3_600_000 : null;
      const stale = hours === null || hours > freshnessHours;
      const detail =
        hours === null
          ? 'never synced successfully'
          : `last successful stream finished ${last_ok} UTC, ${hours.toFixed(1)} h ago (limit ${freshnessHours} h)`;
      return { subject: source, affectedRows: stale ? 1 : 0, detail };
    });
  },
};

const rejectedRows: Check = {
  name: 'rejected_rows',
  defaultSeverity: 'warn',
  description: 'Records quarantined in dq_rejects because they failed validation, per source and stream.',
  async run(warehouse) {
    const rows = await warehouse.all<{ stream: string; n: number; reason: string }>(
      `SELECT source || '.' || stream AS stream, count(*) AS n, any_value(reason) AS reason
       FROM dq_rejects GROUP BY 1 ORDER BY 1`,
    );
    if (rows.length === 0) return [{ subject: '(all)', affectedRows: 0, detail: 'no rejected records' }];
    return rows.map((r) => ({
      subject: r.stream,
      affectedRows: r.n,
      detail: `${r.n} rejected; e.g. ${r.reason}`,
    }));
  },
};

const unownedRows = countingCheck(
  'unowned_rows',
  'warn',
  'Incidents, action items and deploys that no ownership rule attributed to a team (team_key unowned).',
  `SELECT incident_key AS k FROM incidents WHERE team_key = 'unowned'
   UNION ALL SELECT action_item_key FROM action_items WHERE team_key = 'unowned' AND NOT coalesce(is_deleted, false)
   UNION ALL SELECT deploy_key FROM deploys WHERE team_key = 'unowned' AND is_production
   ORDER BY 1`,
  'unowned rows',
);

/** Orders of timestamps that cannot happen; each names the rule it breaks. */
const impossibleTimelines = countingCheck(
  'impossible_timelines',
  'error',
  'Incidents whose timestamps cannot be: resolved or acknowledged or mitigated before detected, resolved before acknowledged, impact after detection, or detected in the future.',
  `SELECT incident_key || ' (' || concat_ws(', ',
      CASE WHEN resolved_at < detected_at THEN 'resolved before detected' END,
      CASE WHEN acknowledged_at < detected_at THEN 'acknowledged before detected' END,
      CASE WHEN mitigated_at < detected_at THEN 'mitigated before detected' END,
      CASE WHEN resolved_at < acknowledged_at THEN 'resolved before acknowledged' END,
      CASE WHEN impact_started_at > detected_at THEN 'impact started after detection' END,
      CASE WHEN detected_at > now() + INTERVAL 1 HOUR THEN 'detected in the future' END) || ')' AS k
   FROM incidents
   WHERE resolved_at < detected_at OR acknowledged_at < detected_at OR mitigated_at < detected_at
      OR resolved_at < acknowledged_at OR impact_started_at > detected_at OR detected_at > now() + INTERVAL 1 HOUR
   ORDER BY 1`,
  'incidents with an impossible timeline',
);

const missingPostmortems = countingCheck(
  'missing_postmortems',
  'warn',
  'SEV1/SEV2 incidents (postmortem_required) with no postmortem after the deadline (postmortem_compliance: missing).',
  "SELECT incident_key || ' ' || coalesce(severity, '') AS k FROM postmortem_compliance WHERE compliance = 'missing' ORDER BY 1",
  'incidents without a required postmortem',
);

const actionItemsWithoutDueDate = countingCheck(
  'action_items_without_due_date',
  'info',
  'Action items with no due date: they cannot be on time or late.',
  'SELECT action_item_key AS k FROM action_items WHERE due_at IS NULL AND NOT coalesce(is_deleted, false) ORDER BY 1',
  'action items without a due date',
);

const severityMismatch = countingCheck(
  'customer_severity_mismatch',
  'info',
  'Incidents whose customer-reported severity differs from the severity they were handled at.',
  `SELECT incident_key || ' (' || severity || ' vs customer ' || customer_severity || ')' AS k FROM incidents
   WHERE customer_severity IS NOT NULL AND severity IS NOT NULL AND customer_severity <> severity ORDER BY 1`,
  'incidents with a different customer severity',
);

/** Every check, in the order they are reported. */
export const checks: readonly Check[] = [
  freshness,
  rejectedRows,
  unownedRows,
  impossibleTimelines,
  missingPostmortems,
  actionItemsWithoutDueDate,
  severityMismatch,
  sourceTotalsCheck,
];
