import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors/index.ts';
import { runSync } from '../../pipeline/sync.ts';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';
import {
  closeWorkWarehouse,
  openWorkWarehouse,
  publishWarehouse,
  removeWarehouseFiles,
  type WarehousePaths,
  warehousePaths,
} from '../../warehouse/publish.ts';
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
async function resetDemoWarehouse(paths: WarehousePaths): Promise<void> {
  for (const path of [paths.published, paths.work]) {
    if (!existsSync(path)) continue;
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
  }
  await removeWarehouseFiles(paths);
}

/** The settings a user would write to point opsledger at the sandbox's three APIs. */
function sandboxSettings(sandbox: Sandbox) {
  const repositories = sandbox.github
    .truth()
    .repos.filter((r) => r.deployKind !== 'deployments')
    .map((r) => ({ name: r.fullName, deployKind: r.deployKind }));
  return {
    pagerduty: { apiUrl: sandbox.pagerduty.apiUrl, token: sandbox.pagerduty.token },
    jira: { host: sandbox.jira.host, email: sandbox.jira.email, apiToken: sandbox.jira.apiToken },
    github: {
      apiUrl: sandbox.github.apiUrl,
      token: sandbox.github.token,
      org: sandbox.github.org,
      repositories,
    },
  };
}

/**
 * The demo runs with the sandbox organisation's ownership file (written beside the warehouse), as an
 * administrator would configure it; an ownership_file the user configured wins.
 */
function demoContext(global: GlobalContext, sandbox: Sandbox) {
  const first = loadContext(global, sandboxSettings(sandbox));
  if (first.config.ownershipFile) return first;
  const ownershipFile = join(dirname(resolve(first.config.warehouse)), 'sandbox-ownership.yaml');
  mkdirSync(dirname(ownershipFile), { recursive: true });
  writeFileSync(ownershipFile, sandbox.ownership().yaml);
  return loadContext(global, { ...sandboxSettings(sandbox), ownershipFile });
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
      const sandbox = await startSandbox({
        seed: opts.seed,
        scale: opts.scale,
        rateLimitPerMinute: null,
        jiraRateLimitPerMinute: null,
        githubRateLimit: null,
      });
      try {
        const { config, log } = demoContext(global(), sandbox);
        log.info(`sandbox (seed ${opts.seed}, ${opts.scale}) at ${sandbox.url}`);
        const paths = warehousePaths(config);
        const path = paths.published;
        await resetDemoWarehouse(paths);
        // Written like any sync: the work file, then published in one rename (see src/warehouse/publish.ts).
        const warehouse = await openWorkWarehouse(paths);
        try {
          await warehouse.run("INSERT OR REPLACE INTO settings VALUES ('origin', 'demo')");
          const now = sandbox.clock.now();
          const result = await runSync({
            config,
            log,
            sources: ['pagerduty', 'jira', 'github'],
            full: true,
            now,
            warehouse,
          });
          process.stdout.write(await renderSummary(warehouse, result, now));
          process.stdout.write(
            `\nWarehouse: ${path}\nTry: npx opsledger sql "SELECT * FROM metric_mttr WHERE period_grain = 'month' AND team_key = '(all)'"\n`,
          );
          if (result.status !== 'succeeded') process.exitCode = exitCodes.partial;
        } finally {
          await closeWorkWarehouse(warehouse);
        }
        await publishWarehouse(paths);
      } finally {
        await sandbox.close();
      }
    });
}
