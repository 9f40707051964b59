import type { Command } from 'commander';
import { z } from 'zod';
import { exportCalibration } from '../../exports/calibration.ts';
import { describeColumns, personColumns, teamColumns } from '../../exports/calibration-columns.ts';
import { periodSchema } from '../../exports/period.ts';
import { openPublished, warehousePaths } from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';

const calibrationFlags = z.object({
  period: periodSchema.optional(),
  by: z.enum(['team', 'person'], { message: 'expected team or person' }).optional(),
  pseudonymize: z.boolean().default(false),
  out: z.string().min(1, { message: 'expected a directory' }).default('.'),
  columns: z.boolean().default(false),
});

export function registerExport(program: Command, global: () => GlobalContext): void {
  const exportCommand = program.command('export').description('files for people outside the warehouse');
  exportCommand
    .command('calibration')
    .description(
      'CSV scorecards per team and per person for a calibration session (UTF-8, safe to open in Excel)',
    )
    .option('--period <period>', '2026-Q3, 2026-09, 2026-W37 or 2026, cut in the reporting time zone')
    .option('--by <scope>', 'team or person (default: both files)')
    .option('--pseudonymize', 'stable pseudonyms instead of names; no name, email, login or person_key')
    .option('--out <dir>', 'directory to write into', '.')
    .option('--columns', 'print every column and what it means, then exit')
    .action(async (raw: unknown) => {
      const opts = parseFlags(calibrationFlags, raw);
      if (opts.columns) {
        process.stdout.write(
          `${describeColumns('calibration-teams-<period>.csv', teamColumns)}\n\n${describeColumns('calibration-people-<period>.csv', personColumns)}\n`,
        );
        return;
      }
      if (!opts.period) parseFlags(z.object({ period: periodSchema }), raw); // names --period and the forms it takes
      const { config } = loadContext(global());
      const warehouse = await openPublished(warehousePaths(config));
      try {
        const written = await exportCalibration(warehouse, {
          period: opts.period!,
          by: opts.by ? [opts.by] : ['team', 'person'],
          pseudonymize: opts.pseudonymize,
          outDir: opts.out,
          salt: config.export.pseudonymSalt,
        });
        for (const file of written) process.stdout.write(`${file.path}: ${file.rows} rows\n`);
      } finally {
        warehouse.close();
      }
    });
}
