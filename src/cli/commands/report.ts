import type { Command } from 'commander';
import { z } from 'zod';
import { currentQuarter, periodSchema } from '../../exports/period.ts';
import { writeReport } from '../../report/report.ts';
import { openPublished, warehousePaths } from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';

const flags = z.object({
  period: periodSchema.optional(),
  out: z.string().min(1, { message: 'expected a file name' }).default('report.html'),
});

export function registerReport(program: Command, global: () => GlobalContext): void {
  program
    .command('report')
    .description(
      'one self-contained HTML file with charts (MTTR/MTTA per team, recurrence, action items, on-call load, deploys vs failures)',
    )
    .option('--period <period>', '2026-Q3, 2026-09, 2026-W37 or 2026 (default: the current quarter)')
    .option('--out <file>', 'HTML file to write', 'report.html')
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const period = opts.period ?? periodSchema.parse(currentQuarter(new Date()));
      const { config } = loadContext(global());
      const warehouse = await openPublished(warehousePaths(config));
      try {
        const result = await writeReport(warehouse, { period, out: opts.out });
        const empty = result.empty.length > 0 ? ` (no data: ${result.empty.join(', ')})` : '';
        process.stdout.write(`${result.path}: ${period.label}, ${result.charts} charts${empty}\n`);
      } finally {
        warehouse.close();
      }
    });
}
