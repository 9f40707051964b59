import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeSandbox, startSandbox } from '../../sandbox/index.ts';
import { parseFlags } from '../exit.ts';

export const sandboxFlags = z.object({
  port: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65_535).default(0),
  host: z.string().default('127.0.0.1'),
  seed: z.coerce.number({ message: 'expected an integer seed' }).int().default(42),
  scale: z
    .enum(['small', 'medium', 'large'], { message: 'expected small, medium or large' })
    .default('small'),
  rateLimit: z.coerce.number({ message: 'expected requests per minute' }).int().positive().optional(),
  noRateLimit: z.boolean().optional(),
  ownershipFile: z.string().min(1).optional(),
});

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      'run the sandbox alone (PagerDuty, Jira Cloud and GitHub APIs over a seeded organisation) for curl, the SDKs or a sync',
    )
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--host <host>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated organisation', '42')
    .option('--scale <scale>', 'small (~600 incidents), medium (~12k) or large (~110k)', 'small')
    .option('--rate-limit <perMinute>', 'requests per minute per token before 429 (PagerDuty: 960)')
    .option('--no-rate-limit', 'never answer 429 (PagerDuty, Jira and GitHub)')
    .option(
      '--ownership-file <path>',
      "also write the organisation's ownership file (YAML) there, for ownership_file",
    )
    .action(async (raw: Record<string, unknown>) => {
      // Commander gives true (default), false (--no-rate-limit) or the --rate-limit text.
      const rateLimit = typeof raw.rateLimit === 'string' ? raw.rateLimit : undefined;
      const opts = parseFlags(sandboxFlags, { ...raw, rateLimit, noRateLimit: raw.rateLimit === false });
      const rateLimitPerMinute = opts.noRateLimit ? null : (opts.rateLimit ?? 960);
      const sandbox = await startSandbox({
        port: opts.port,
        host: opts.host,
        seed: opts.seed,
        scale: opts.scale,
        rateLimitPerMinute,
        ...(opts.noRateLimit ? { githubRateLimit: null, jiraRateLimitPerMinute: null } : {}),
      });
      if (opts.ownershipFile) {
        writeFileSync(opts.ownershipFile, sandbox.ownership().yaml);
        process.stdout.write(`ownership file written to ${opts.ownershipFile}\n`);
      }
      process.stdout.write(`${describeSandbox(sandbox)}\nPress Ctrl+C to stop.\n`);
      const stop = async () => {
        await sandbox.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
