import type { Command } from 'commander';
import { z } from 'zod';
import { probeRedis, startWorkerProcess } from '../../../jobs/index.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';

const flags = z.object({
  concurrency: z.coerce
    .number({ message: 'expected an integer from 1 to 64' })
    .int({ message: 'expected an integer from 1 to 64' })
    .min(1, { message: 'expected an integer from 1 to 64' })
    .max(64, { message: 'expected an integer from 1 to 64' })
    .optional(),
  extractOnly: z.boolean().default(false),
});

export function registerWorker(program: Command, global: () => GlobalContext): void {
  program
    .command('worker')
    .description(
      'run a long-lived BullMQ worker for the queued sync (extract, load, metrics, checks, publish); SIGTERM/SIGINT finish or hand back the jobs in hand, then exit',
    )
    .option('--concurrency <n>', 'extract jobs per source queue at once (default: jobs.concurrency, 2)')
    .option(
      '--extract-only',
      'take only extract jobs (a machine that shares the spool directory but does not hold the warehouse)',
      false,
    )
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      await probeRedis(config.redisUrl);
      const worker = startWorkerProcess(config, log, {
        concurrency: opts.concurrency,
        extractOnly: opts.extractOnly,
      });
      const how = await new Promise<string>((resolve) => {
        const stop = (signal: string) => {
          log.info(
            `${signal}: finishing the jobs in hand (up to ${Math.round(config.jobs.shutdownGraceMs / 1000)} s), handing back the rest`,
          );
          worker.close().then(resolve, (error: unknown) => resolve(`error: ${(error as Error).message}`));
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      log.info(how === 'clean' ? `worker ${worker.name} stopped` : `worker ${worker.name} stopped (${how})`);
      // Every connection is closed; exit now rather than wait on whatever a library left scheduled.
      process.exit(how === 'clean' ? 0 : 1);
    });
}
