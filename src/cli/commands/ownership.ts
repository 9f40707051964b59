import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors/index.ts';
import { checkOwnership } from '../../ownership/check.ts';
import { loadOwnershipFile } from '../../pipeline/ownership.ts';
import { openPublished, warehousePaths } from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { exitCodes, parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const flags = z.object({
  format: z.enum(['table', 'csv', 'json'], { message: 'expected table, csv or json' }),
  strict: z.boolean().default(false),
});

export function registerOwnership(program: Command, global: () => GlobalContext): void {
  const ownership = program.command('ownership').description('the ownership file: teams, services, people');
  ownership
    .command('check')
    .description(
      'validate the ownership file and list what it leaves uncovered (services, repositories, projects, people), owner gaps and teams without members, with the incidents affected',
    )
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--strict', 'exit with code 1 when anything is listed', false)
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      if (!config.ownershipFile)
        throw new ConfigError(
          'no ownership file configured: set ownership_file in the config file or OPSLEDGER_OWNERSHIP (see README, Ownership file)',
          'ownership_file',
        );
      // Validation first: overlaps, unknown teams and typos are reported with their line even without a warehouse.
      const file = loadOwnershipFile(config)!;
      log.info(
        `${file.path}: ${file.teams.length} teams, ${file.services.length} services, ${file.people.length} people: valid`,
      );
      const warehouse = await openPublished(warehousePaths(config));
      try {
        const findings = await checkOwnership(warehouse, file);
        process.stdout.write(
          formatRows(
            findings.map((f) => ({ ...f })),
            ['kind', 'item', 'incidents', 'detail'],
            opts.format,
          ),
        );
        if (opts.format === 'table') {
          const affected = findings.reduce((n, f) => n + f.incidents, 0);
          process.stdout.write(`${findings.length} findings, ${affected} incidents affected\n`);
        }
        if (opts.strict && findings.length > 0) process.exitCode = exitCodes.failed;
      } finally {
        warehouse.close();
      }
    });
}
