import type { Job } from 'bullmq';
import { z } from 'zod';
import { orderModels } from '../src/warehouse/models.ts';
import { readSqlDir } from '../src/warehouse/sql-files.ts';
import { type JobContext, withWriter } from './context.ts';
import { parseJobData } from './errors.ts';
import { runIdSchema } from './extract.ts';

export const metricsJobName = 'metrics';

export const runStepDataSchema = z.object({ runId: runIdSchema });

export const metricsResultSchema = z.object({ views: z.record(z.string(), z.number()) });

export type MetricsResult = z.infer<typeof metricsResultSchema>;

/**
 * Metric refresh: re-creates the metric views over the marts the load step rebuilt, in one transaction, and
 * reads each once, so a view that no longer compiles against the marts fails this run (retried, then the run
 * fails and nothing is published) instead of failing analysts' queries after publishing.
 */
export async function processMetrics(job: Job, ctx: JobContext): Promise<MetricsResult> {
  const { runId } = parseJobData(runStepDataSchema, job.data, 'metrics');
  return withWriter(ctx, `metrics ${runId}`, async (warehouse) => {
    const views: Record<string, number> = {};
    await warehouse.transaction(async () => {
      for (const model of orderModels(readSqlDir('metrics'))) {
        try {
          await warehouse.run(model.text);
          const row = await warehouse.one<{ n: number }>(`SELECT count(*) AS n FROM ${model.name}`);
          views[model.name] = row?.n ?? 0;
        } catch (error) {
          throw new Error(`metric view ${model.name} failed: ${(error as Error).message}`);
        }
      }
    });
    ctx.log.info(
      `metric views refreshed (run ${runId}): ${Object.entries(views)
        .map(([v, n]) => `${v} ${n} rows`)
        .join(', ')}`,
    );
    return { views };
  });
}
