import type { Command } from 'commander';
import { z } from 'zod';
import type { SourceName } from '../../../connectors/stream.ts';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../logger.ts';
import { knownSources } from '../../pipeline/sources/index.ts';
import { runSync } from '../../pipeline/sync.ts';
import {
  closeWorkWarehouse,
  openPublished,
  openWorkWarehouse,
  publishWarehouse,
  warehousePaths,
} from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { exitCodes, parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';
import { renderSummary } from '../summary.ts';

const flags = z.object({
  source: z
    .array(
      z.enum(knownSources as [SourceName, ...SourceName[]], {
        message: `expected one of ${knownSources.join(', ')}`,
      }),
    )
    .optional(),
  full: z.boolean().default(false),
  queue: z.boolean().default(false),
});

const exitFor = (status: string) =>
  status === 'succeeded'
    ? exitCodes.ok
    : status === 'partial'
      ? exitCodes.partial
      : status === 'skipped'
        ? exitCodes.config
        : exitCodes.failed;

/** `sync --queue`: enqueues a run (or joins the one in progress) and follows it until it ends. */
async function syncQueued(
  config: Config,
  log: Logger,
  opts: { source?: string[]; full: boolean },
): Promise<number> {
  // BullMQ and ioredis are loaded only for queued runs: an in-process sync never needs them.
  const { enqueueRun, followRun, probeRedis, QueueRuntime } = await import('../../../jobs/index.ts');
  await probeRedis(config.redisUrl);
  const runtime = new QueueRuntime(config, log);
  try {
    const { jobId, deduplicated } = await enqueueRun(runtime, {
      trigger: 'cli',
      sources: opts.source,
      full: opts.full,
    });
    log.info(
      deduplicated
        ? `a run is already in progress (job ${jobId}): following it instead of starting a second one`
        : `run job ${jobId} queued`,
    );
    if ((await runtime.syncQueue.getWorkers()).length === 0)
      log.warn('no worker is connected yet: start one with `opsledger worker` (the run waits in the queue)');
    const end = await followRun(runtime, jobId, (line) => log.info(`  ${line}`));
    if (end.state !== 'completed') {
      log.error(`queued run ${end.state}: ${end.reason}`);
      return exitCodes.failed;
    }
    const { summary } = end;
    if (summary.status === 'skipped') {
      for (const line of summary.skipped) log.warn(line);
      log.warn('nothing to sync: no source has credentials on the worker (see README, Configuration)');
      return exitCodes.config;
    }
    if (summary.published) {
      const warehouse = await openPublished(warehousePaths(config));
      try {
        process.stdout.write(await renderSummary(warehouse, summary, new Date()));
      } finally {
        warehouse.close();
      }
    } else {
      process.stdout.write(
        `Sync ${summary.runId}: ${summary.status}, not published (the previous warehouse stays in place)\n${formatRows(
          summary.outcomes.map((o) => ({
            stream: `${o.source}.${o.stream}`,
            records: o.records,
            status: o.status,
            error: o.error ?? '',
          })),
          ['stream', 'records', 'status', 'error'],
          'table',
        )}`,
      );
    }
    return exitFor(summary.status);
  } finally {
    await runtime.close();
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSync(program: Command, global: () => GlobalContext): void {
  program
    .command('sync')
    .description(
      'run one sync in-process (or, with --queue, on the workers): extract from the sources, load the warehouse, rebuild marts and metrics, publish',
    )
    .option('--source <name>', `only this source (repeatable): ${knownSources.join(', ')}`, collect)
    .option('--full', 'ignore cursors and reload the whole history window', false)
    .option(
      '--queue',
      'run on the BullMQ workers instead (`opsledger worker`): enqueue a run, follow it to its end',
      false,
    )
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      if (opts.queue) {
        process.exitCode = await syncQueued(config, log, opts);
        return;
      }
      const now = new Date();
      // The sync writes its private work file; analysts keep reading the published one until it is replaced.
      const paths = warehousePaths(config);
      const warehouse = await openWorkWarehouse(paths);
      let publish = false;
      try {
        const result = await runSync({ config, log, sources: opts.source, full: opts.full, now, warehouse });
        if (result.status === 'skipped') {
          log.warn('nothing to sync: no source has credentials (see README, Configuration)');
          process.exitCode = exitCodes.config;
          return;
        }
        process.stdout.write(await renderSummary(warehouse, result, now));
        publish = result.status === 'succeeded' || result.status === 'partial';
        process.exitCode = exitFor(result.status);
      } finally {
        if (publish) await closeWorkWarehouse(warehouse);
        else warehouse.close();
      }
      if (publish) {
        await publishWarehouse(paths);
        log.info(`published ${paths.published}`);
      } else {
        log.warn(`not published: ${paths.published} still holds the last good run`);
      }
    });
}
