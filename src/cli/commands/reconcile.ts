import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { isValidTimeZone } from '../../../transforms/timestamps.ts';
import type { Config } from '../../config/index.ts';
import { ConfigError } from '../../errors/index.ts';
import type { Logger } from '../../logger.ts';
import {
  describeTemplate,
  type Reconciliation,
  runReconciliation,
  templateCsv,
  writeReport,
} from '../../reconcile/index.ts';
import {
  closeWorkWarehouse,
  openWorkWarehouse,
  publishWarehouse,
  warehousePaths,
} from '../../warehouse/publish.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { exitCodes, parseFlags } from '../exit.ts';

const durationUnits: Record<string, number> = { s: 1 / 60, m: 1, h: 60 };

/** `5m`, `90s`, `1h` or a bare number of minutes -> minutes. */
const tolerance = z
  .string()
  .regex(/^\d+(\.\d+)?\s*[smh]?$/i, { message: 'expected a duration such as 5m, 90s or 1h' })
  .transform((text) => {
    const unit = /[smh]$/i.exec(text.trim())?.[0]?.toLowerCase() ?? 'm';
    return Number.parseFloat(text) * durationUnits[unit]!;
  });

const flags = z.object({
  samples: z.string().min(1).optional(),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'expected an IANA time zone name such as Europe/London' })
    .optional(),
  tolerance: tolerance.optional(),
  out: z.string().min(1).default('./reconciliation'),
  template: z.union([z.string().min(1), z.boolean()]).optional(),
});

/** `--template` prints the sample template; `--template FILE` writes it. */
function emitTemplate(target: string | true): void {
  if (target === true) {
    process.stdout.write(templateCsv());
    return;
  }
  writeFileSync(target, templateCsv());
  process.stdout.write(`wrote the sample template to ${target}\n`);
}

function readSamples(path: string): Uint8Array {
  if (!existsSync(path)) throw new ConfigError(`--samples: ${path} does not exist`, 'samples');
  return readFileSync(path);
}

/**
 * The work file is published after the reconciliation only when its latest sync is the published one
 * (succeeded or partial): publishing after a failed sync would publish that sync's half-loaded streams.
 */
async function workFileIsPublished(warehouse: Warehouse): Promise<boolean> {
  const row = await warehouse.one<{ status: string }>(
    'SELECT status FROM sync_runs ORDER BY started_at DESC LIMIT 1',
  );
  return row?.status === 'succeeded' || row?.status === 'partial';
}

function summaryText(result: Reconciliation, runId: string, files: string[]): string {
  const agreement = Object.entries(result.fieldAgreement).map(
    ([field, a]) => `  ${field.padEnd(16)} ${a.agreed}/${a.compared} (${(a.rate * 100).toFixed(1)}%)`,
  );
  const problems = result.findings.map((f) => `  - ${f.kind}: ${f.message}`);
  return [
    `Reconciliation ${runId}: ${result.verdict.pass ? 'PASS' : 'FAIL'}`,
    `rows ${result.rowsRead}, matched ${result.rowsMatched}, unreadable ${result.rowsInvalid}, missing in warehouse ${result.missingInWarehouse}, duplicates ${result.duplicateReferences}, discrepancies ${result.discrepancies}`,
    'agreement per field:',
    ...agreement,
    ...(problems.length ? ['findings:', ...problems] : []),
    ...result.verdict.reasons.map((r) => `verdict: ${r}`),
    `report: ${files.join(', ')}`,
    '',
  ].join('\n');
}

async function reconcile(
  config: Config,
  log: Logger,
  opts: z.infer<typeof flags>,
  samples: string,
): Promise<number> {
  const bytes = readSamples(samples);
  const paths = warehousePaths(config);
  if (!existsSync(paths.published))
    throw new ConfigError(
      `warehouse ${paths.published} does not exist yet: run \`opsledger sync\` first`,
      'OPSLEDGER_WAREHOUSE',
    );
  const thresholds = {
    ...config.reconcile,
    toleranceMinutes: opts.tolerance ?? config.reconcile.toleranceMinutes,
  };
  // Results are written where syncs write (the work file), then published the way a sync publishes.
  const warehouse = await openWorkWarehouse(paths);
  let publish = false;
  let outcome: Awaited<ReturnType<typeof runReconciliation>>;
  try {
    outcome = await runReconciliation(warehouse, {
      file: samples,
      bytes,
      timezone: opts.timezone,
      thresholds,
    });
    publish = await workFileIsPublished(warehouse);
  } finally {
    if (publish) await closeWorkWarehouse(warehouse);
    else warehouse.close();
  }
  if (publish) await publishWarehouse(paths);
  else
    log.warn(
      'the last sync did not succeed: the reconciliation is recorded and will be published with the next good sync',
    );
  const files = writeReport(opts.out, outcome.context, outcome.result);
  process.stdout.write(summaryText(outcome.result, outcome.context.runId, Object.values(files)));
  return outcome.result.verdict.pass ? exitCodes.ok : exitCodes.failed;
}

export function registerReconcile(program: Command, global: () => GlobalContext): void {
  program
    .command('reconcile')
    .description(
      'compare a manually reviewed sample (CSV) with the warehouse: agreement per field, discrepancies, missing incidents, MTTR both ways; exits 1 when the verdict fails',
    )
    .option('--samples <file>', 'the sample CSV (see --template)')
    .option(
      '--timezone <zone>',
      'IANA zone of sample times written without offset (rows may override it in a timezone column)',
    )
    .option(
      '--tolerance <duration>',
      'timestamps this close agree, e.g. 5m, 90s (default reconcile.tolerance_minutes: 5)',
    )
    .option(
      '--out <dir>',
      'where reconciliation.md, reconciliation.html and findings.csv go',
      './reconciliation',
    )
    .option('--template [file]', 'print the sample CSV template (or write it to FILE) and exit')
    .addHelpText('after', `\nSample columns (empty cell = not reviewed):\n${describeTemplate()}\n`)
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      if (opts.template !== undefined && opts.template !== false) {
        emitTemplate(opts.template);
        return;
      }
      if (!opts.samples)
        throw new ConfigError('--samples: expected the sample CSV to reconcile (or --template)', 'samples');
      const { config, log } = loadContext(global());
      process.exitCode = await reconcile(config, log, opts, opts.samples);
    });
}
