import { Command, CommanderError } from 'commander';
import { registerDashboard } from './commands/dashboard.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDq } from './commands/dq.ts';
import { registerExport } from './commands/export.ts';
import { registerOncall } from './commands/oncall.ts';
import { registerOwnership } from './commands/ownership.ts';
import { registerRebuild } from './commands/rebuild.ts';
import { registerReconcile } from './commands/reconcile.ts';
import { registerReport } from './commands/report.ts';
import { registerSandbox } from './commands/sandbox.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerSql } from './commands/sql.ts';
import { registerStatus } from './commands/status.ts';
import { registerSync } from './commands/sync.ts';
import { registerWorker } from './commands/worker.ts';
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
registerSync(program, global);
registerSandbox(program);
registerSql(program, global);
registerDemo(program, global);
registerWorker(program, global);
registerSchedule(program, global);
registerStatus(program, global);
registerDashboard(program, global);
registerRebuild(program, global);
registerOwnership(program, global);
registerOncall(program, global);
registerReconcile(program, global);
registerExport(program, global);
registerReport(program, global);
registerDq(program, global);

try {
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
