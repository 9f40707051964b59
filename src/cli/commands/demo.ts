import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors/index.ts';
import { openWarehouse, runSync } from '../../pipeline/sync.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { Warehouse } from '../../warehouse/warehouse.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { exitCodes, parseFlags } from '../exit.ts';
import { renderSummary } from '../summary.ts';

const flags = z.object({
  seed: z.coerce.number({ message: 'expected an integer seed' }).int().default(42),
  scale: z
    .enum(['small', 'medium', 'large'], { message: 'expected small, medium or large' })
    .default('small'),
});

/** A demo warehouse is rebuilt on every demo; any other file at that path is left alone. */
async function resetDemoWarehouse(path: string): Promise<void> {
  if (!existsSync(path)) return;
  const existing = await Warehouse.open(path, { readOnly: true });
  try {
    const row = await existing
      .one<{ value: string }>("SELECT value FROM settings WHERE key = 'origin'")
      .catch(() => undefined);
    if (row?.value !== 'demo') {
      throw new ConfigError(
        `${path} holds a warehouse that the demo did not create; the demo will not overwrite it. Use --warehouse to pick another file.`,
        'OPSLEDGER_WAREHOUSE',
      );
    }
  } finally {
    existing.close();
  }
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

export function registerDemo(program: Command, global: () => GlobalContext): void {
  program
    .command('demo')
    .description(
      'start the built-in sandbox, run one full sync against it and print the summary (what `npm start` runs)',
    )
    .option('--seed <n>', 'seed of the sandbox organisation', '42')
    .option('--scale <scale>', 'small, medium or large', 'small')
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const sandbox = await startSandbox({ seed: opts.seed, scale: opts.scale, rateLimitPerMinute: null });
      try {
        const { config, log } = loadContext(global(), {
          pagerduty: { apiUrl: sandbox.pagerduty.apiUrl, token: sandbox.pagerduty.token },
        });
        log.info(`sandbox (seed ${opts.seed}, ${opts.scale}) at ${sandbox.url}`);
        const path = resolve(config.warehouse);
        await resetDemoWarehouse(path);
        const warehouse = await openWarehouse(path);
        try {
          await warehouse.run("INSERT OR REPLACE INTO settings VALUES ('origin', 'demo')");
          const now = sandbox.clock.now();
          const result = await runSync({ config, log, sources: ['pagerduty'], full: true, now, warehouse });
          process.stdout.write(await renderSummary(warehouse, result, now));
          process.stdout.write(
            `\nWarehouse: ${path}\nTry: npx opsledger sql "SELECT * FROM metric_mttr WHERE period_grain = 'month' AND team_key = '(all)'"\n`,
          );
          if (result.status !== 'succeeded') process.exitCode = exitCodes.partial;
        } finally {
          warehouse.close();
        }
      } finally {
        await sandbox.close();
      }
    });
}
