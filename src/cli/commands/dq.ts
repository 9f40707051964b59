import type { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../logger.ts';
import { checks } from '../../quality/checks.ts';
import {
  type DqResult,
  failsAt,
  recordResults,
  resultColumns,
  resultRows,
  runChecks,
} from '../../quality/run.ts';
import {
  closeWorkWarehouse,
  openPublished,
  openWorkWarehouse,
  publishWarehouse,
  WarehouseBusyError,
  type WarehousePaths,
  warehousePaths,
} from '../../warehouse/publish.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { exitCodes, parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const flags = z.object({
  format: z.enum(['table', 'csv', 'json'], { message: 'expected table, csv or json' }),
  record: z.boolean().default(true),
  list: z.boolean().default(false),
});

const latestRunSql = 'SELECT sync_run_id FROM sync_runs ORDER BY started_at DESC LIMIT 1';

async function latestRun(warehouse: Warehouse): Promise<string | null> {
  return ((await warehouse.one<{ sync_run_id: string }>(latestRunSql))?.sync_run_id as string) ?? null;
}

/**
 * Results go to the writer's work file, never into the published copy (only a publish replaces that). When the
 * work file holds nothing newer than what is published (no failed run since), it is published right away so
 * dq_results can be queried now; otherwise the next successful sync publishes them.
 */
async function record(
  paths: WarehousePaths,
  publishedRun: string | null,
  runAt: Date,
  results: DqResult[],
  log: Logger,
) {
  let work: Warehouse;
  try {
    work = await openWorkWarehouse(paths);
  } catch (error) {
    if (!(error instanceof WarehouseBusyError)) throw error;
    log.warn(`dq results not recorded in dq_results: ${error.message}`);
    return;
  }
  let publishNow = false;
  try {
    await recordResults(work, runAt, results);
    publishNow = (await latestRun(work)) === publishedRun;
  } finally {
    await closeWorkWarehouse(work);
  }
  if (publishNow) await publishWarehouse(paths);
  else log.info('dq results recorded in the work file; the next successful sync publishes them');
}

async function checkPublished(config: Config, now: Date) {
  const warehouse = await openPublished(warehousePaths(config));
  try {
    return { results: await runChecks(warehouse, config.dq, now), publishedRun: await latestRun(warehouse) };
  } finally {
    warehouse.close();
  }
}

export function registerDq(program: Command, global: () => GlobalContext): void {
  program
    .command('dq')
    .description(
      'data-quality checks on the published warehouse; exit code 1 when a check at or above dq.fail_on fails',
    )
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--no-record', 'do not append the results to the dq_results table')
    .option('--list', 'list the checks with their severity in force, then exit')
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      if (opts.list) {
        const rows = checks.map((c) => ({
          check: c.name,
          severity: config.dq.severities[c.name] ?? c.defaultSeverity,
          description: c.description,
        }));
        process.stdout.write(formatRows(rows, ['check', 'severity', 'description'], opts.format));
        return;
      }
      const runAt = new Date();
      const { results, publishedRun } = await checkPublished(config, runAt);
      process.stdout.write(formatRows(resultRows(results), resultColumns, opts.format));
      if (opts.record) await record(warehousePaths(config), publishedRun, runAt, results, log);
      if (failsAt(results, config.dq.failOn)) process.exitCode = exitCodes.failed;
    });
}
