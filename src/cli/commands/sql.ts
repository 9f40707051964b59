import type { Command } from 'commander';
import { z } from 'zod';
import { openPublished, warehousePaths } from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const flags = z.object({
  format: z.enum(['table', 'csv', 'json'], { message: 'expected table, csv or json' }),
});

export function registerSql(program: Command, global: () => GlobalContext): void {
  program
    .command('sql')
    .description(
      'run a read-only SQL query against the published warehouse (never blocked by a running sync)',
    )
    .argument('<query>', 'SQL to run, e.g. "SELECT * FROM metric_mttr LIMIT 5"')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (query: string, raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config } = loadContext(global());
      // The published file: a sync running right now writes its own work file, never this one.
      const warehouse = await openPublished(warehousePaths(config));
      try {
        const { columns, rows } = await warehouse.query(query);
        process.stdout.write(formatRows(rows, columns, opts.format));
      } finally {
        warehouse.close();
      }
    });
}
