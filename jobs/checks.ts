import type { Job } from 'bullmq';
import { z } from 'zod';
import { type JobContext, withWriter } from './context.ts';
import { parseJobData } from './errors.ts';
import { runStepDataSchema } from './metrics.ts';

export const checksJobName = 'checks';

export const checksResultSchema = z.object({
  /** Records this run quarantined in dq_rejects. */
  rejectedThisRun: z.number(),
  rejectedTotal: z.number(),
  incidents: z.number(),
  /** Incidents no ownership rule could attribute to a team. */
  unownedIncidents: z.number(),
});

export type ChecksResult = z.infer<typeof checksResultSchema>;

/**
 * Follow-ups after the metric refresh: data-quality counts, recorded as this job's result (Bull Board,
 * `opsledger status`, the run's summary) and logged. Reconciliation and exports join here once they exist.
 */
export async function processChecks(job: Job, ctx: JobContext): Promise<ChecksResult> {
  const { runId } = parseJobData(runStepDataSchema, job.data, 'checks');
  return withWriter(ctx, `checks ${runId}`, async (warehouse) => {
    const row = await warehouse.one<ChecksResult>(
      `SELECT (SELECT count(*) FROM dq_rejects WHERE sync_run_id = $run) AS "rejectedThisRun",
         (SELECT count(*) FROM dq_rejects) AS "rejectedTotal",
         (SELECT count(*) FROM incidents) AS "incidents",
         (SELECT count(*) FROM incidents WHERE team_key = 'unowned') AS "unownedIncidents"`,
      { run: runId },
    );
    const result = checksResultSchema.parse(row);
    const line = `data quality (run ${runId}): ${result.rejectedThisRun} records quarantined this run (${result.rejectedTotal} in all), ${result.unownedIncidents} of ${result.incidents} incidents unowned`;
    if (result.rejectedThisRun > 0 || result.unownedIncidents > 0) ctx.log.warn(line);
    else ctx.log.info(line);
    return result;
  });
}
