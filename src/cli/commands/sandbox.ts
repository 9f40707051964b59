import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeSandbox, type Sandbox, startSandbox } from '../../sandbox/index.ts';
import { isValidTimeZone } from '../../sandbox/time.ts';
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
  sampleCsv: z.string().min(1).optional(),
  sampleTimezone: z
    .string()
    .refine(isValidTimeZone, { message: 'expected an IANA time zone name such as Europe/London' })
    .optional(),
  cleanSample: z.boolean().optional(),
  now: z.iso
    .datetime({ offset: true, message: 'expected an ISO 8601 time such as 2026-10-15T12:00:00Z' })
    .optional(),
});

/** `--sample-csv FILE`: writes the organisation's manual sample and says what a reconciliation must find. */
function writeManualSample(sandbox: Sandbox, file: string, opts: z.infer<typeof sandboxFlags>): void {
  const sample = sandbox.manualSample({ timezone: opts.sampleTimezone, discrepancies: !opts.cleanSample });
  writeFileSync(file, sample.csv);
  const seeded = sample.discrepancies.map(
    (d) =>
      `  line ${d.line} ${d.reference}: ${d.kind}${d.field ? ` ${d.field} ${d.sampleValue} (truth ${d.warehouseValue})` : ''}`,
  );
  const traps = sample.traps.map((t) => `  line ${t.line} ${t.reference}: ${t.why}`);
  process.stdout.write(
    [
      `wrote ${sample.rows} sample rows to ${file} (as of ${sandbox.clock.now().toISOString()})`,
      `reconcile it with: opsledger reconcile --samples ${file} --timezone ${sample.timezone}`,
      `seeded discrepancies (a reconciliation must report exactly these):`,
      ...(seeded.length ? seeded : ['  none (clean sample)']),
      'correct rows that must not be reported:',
      ...traps,
      '',
    ].join('\n'),
  );
}

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
    .option('--now <time>', 'the sandbox clock at start (ISO 8601; default: the current hour)')
    .option(
      '--sample-csv <file>',
      'write a manual-sample CSV with seeded discrepancies for `opsledger reconcile`, then exit',
    )
    .option(
      '--sample-timezone <zone>',
      'zone of the sample rows written in local time (default Europe/London)',
    )
    .option('--clean-sample', 'with --sample-csv: no seeded discrepancies (the reconciliation passes)')
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
        ...(opts.now ? { now: new Date(opts.now) } : {}),
        ...(opts.noRateLimit ? { githubRateLimit: null, jiraRateLimitPerMinute: null } : {}),
      });
      if (opts.ownershipFile) {
        writeFileSync(opts.ownershipFile, sandbox.ownership().yaml);
        process.stdout.write(`ownership file written to ${opts.ownershipFile}\n`);
      }
      if (opts.sampleCsv) {
        try {
          writeManualSample(sandbox, opts.sampleCsv, opts);
        } finally {
          await sandbox.close();
        }
        return;
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
