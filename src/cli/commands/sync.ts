import type { Command } from 'commander';
import { z } from 'zod';
import type { SourceName } from '../../../connectors/stream.ts';
import { knownSources } from '../../pipeline/sources/index.ts';
import { openWarehouse, runSync } from '../../pipeline/sync.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { exitCodes, parseFlags } from '../exit.ts';
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
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSync(program: Command, global: () => GlobalContext): void {
  program
    .command('sync')
    .description(
      'run one sync in-process: extract from the sources, load the warehouse, rebuild marts and metrics',
    )
    .option('--source <name>', `only this source (repeatable): ${knownSources.join(', ')}`, collect)
    .option('--full', 'ignore cursors and reload the whole history window', false)
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      const now = new Date();
      const warehouse = await openWarehouse(config.warehouse);
      try {
        const result = await runSync({ config, log, sources: opts.source, full: opts.full, now, warehouse });
        if (result.status === 'skipped') {
          log.warn('nothing to sync: no source has credentials (see README, Configuration)');
          process.exitCode = exitCodes.config;
          return;
        }
        process.stdout.write(await renderSummary(warehouse, result, now));
        if (result.status === 'failed') process.exitCode = exitCodes.failed;
        else if (result.status === 'partial') process.exitCode = exitCodes.partial;
      } finally {
        warehouse.close();
      }
    });
}
