import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors/index.ts';
import { Warehouse } from '../../warehouse/warehouse.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const flags = z.object({
  format: z.enum(['table', 'csv', 'json'], { message: 'expected table, csv or json' }),
});

async function openReadOnly(path: string): Promise<Warehouse> {
  if (!existsSync(path)) {
    throw new ConfigError(
      `warehouse ${path} does not exist yet: run \`opsledger sync\` (or \`npm start\`) first`,
      'OPSLEDGER_WAREHOUSE',
    );
  }
  try {
    return await Warehouse.open(path, { readOnly: true });
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) {
      throw new Error(
        `warehouse ${path} is being written by a running sync (DuckDB allows one writer); try again when it ends`,
      );
    }
    throw error;
  }
}

export function registerSql(program: Command, global: () => GlobalContext): void {
  program
    .command('sql')
    .description('run a read-only SQL query against the warehouse')
    .argument('<query>', 'SQL to run, e.g. "SELECT * FROM metric_mttr LIMIT 5"')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (query: string, raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config } = loadContext(global());
      const warehouse = await openReadOnly(config.warehouse);
      try {
        const { columns, rows } = await warehouse.query(query);
        process.stdout.write(formatRows(rows, columns, opts.format));
      } finally {
        warehouse.close();
      }
    });
}
