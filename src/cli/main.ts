import { Command, CommanderError } from 'commander';
import type { GlobalContext } from './context.ts';
import { describeFailure } from './exit.ts';

const program = new Command('opsledger')
  .description('Incident metrics from PagerDuty, Jira and GitHub, in a DuckDB warehouse you can query')
  .option('--config <file>', 'config file (default: OPSLEDGER_CONFIG or ./opsledger.config.yaml)')
  .option('--warehouse <file>', 'warehouse file (default: OPSLEDGER_WAREHOUSE or ./data/opsledger.duckdb)')
  .option('--log-level <level>', 'debug, info, warn, error or silent')
  .showHelpAfterError()
  .exitOverride();

const global = () => program.opts<GlobalContext>();

type Register = (program: Command, global: () => GlobalContext) => void;

/** Each command's module, loaded on demand: most of them pull in SDKs, BullMQ, Express or Vega. */
const commands: Record<string, () => Promise<Register>> = {
  sync: async () => (await import('./commands/sync.ts')).registerSync,
  sandbox: async () => (await import('./commands/sandbox.ts')).registerSandbox,
  sql: async () => (await import('./commands/sql.ts')).registerSql,
  demo: async () => (await import('./commands/demo.ts')).registerDemo,
  worker: async () => (await import('./commands/worker.ts')).registerWorker,
  schedule: async () => (await import('./commands/schedule.ts')).registerSchedule,
  status: async () => (await import('./commands/status.ts')).registerStatus,
  dashboard: async () => (await import('./commands/dashboard.ts')).registerDashboard,
  rebuild: async () => (await import('./commands/rebuild.ts')).registerRebuild,
  ownership: async () => (await import('./commands/ownership.ts')).registerOwnership,
  oncall: async () => (await import('./commands/oncall.ts')).registerOncall,
  reconcile: async () => (await import('./commands/reconcile.ts')).registerReconcile,
  export: async () => (await import('./commands/export.ts')).registerExport,
  report: async () => (await import('./commands/report.ts')).registerReport,
  dq: async () => (await import('./commands/dq.ts')).registerDq,
};

/** Global options that take a value: the word after them is that value, not the command. */
const valuedGlobals = new Set(['--config', '--warehouse', '--log-level']);

/** The command named on the command line, if any (skipping global options and their values). */
function requestedCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (valuedGlobals.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * Registers only the command being run, so `opsledger sync` does not load the dashboard's Express or the
 * report's Vega; help, a mistyped command or none at all get every command (commander lists and suggests them).
 */
async function registerCommands(args: readonly string[]): Promise<void> {
  const name = requestedCommand(args);
  const chosen =
    name !== undefined && name !== 'help' && commands[name] ? [commands[name]] : Object.values(commands);
  for (const load of chosen) (await load())(program, global);
}

try {
  await registerCommands(process.argv.slice(2));
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const { message, code } = describeFailure(error);
    process.stderr.write(`opsledger: ${message}\n`);
    process.exitCode = code;
  }
}
