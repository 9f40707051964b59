import type { Command } from 'commander';
import { z } from 'zod';
import type { SourceName } from '../../../connectors/stream.ts';
import {
  listSchedules,
  probeRedis,
  QueueRuntime,
  removeSchedule,
  type ScheduleInfo,
  schedulerId,
  scheduleSchema,
  setSchedule,
} from '../../../jobs/index.ts';
import { knownSources } from '../../pipeline/sources/index.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const setFlags = scheduleSchema.extend({
  source: z
    .array(
      z.enum(knownSources as [SourceName, ...SourceName[]], {
        message: `expected one of ${knownSources.join(', ')}`,
      }),
    )
    .optional(),
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

function render(schedules: ScheduleInfo[]): string {
  if (schedules.length === 0)
    return 'No schedule: set one with `opsledger schedule set --cron "0 2 * * *" --tz Europe/Berlin`\n';
  const rows = schedules.map((s) => ({
    id: s.id,
    cron: s.cron,
    tz: s.tz,
    next_run: s.next ?? '',
    mode: s.full ? 'full' : 'incremental',
    sources: s.sources?.join(', ') ?? 'all with credentials',
  }));
  return formatRows(rows, ['id', 'cron', 'tz', 'next_run', 'mode', 'sources'], 'table');
}

async function withRuntime<T>(
  global: () => GlobalContext,
  work: (runtime: QueueRuntime) => Promise<T>,
): Promise<T> {
  const { config, log } = loadContext(global());
  await probeRedis(config.redisUrl);
  const runtime = new QueueRuntime(config, log);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

export function registerSchedule(program: Command, global: () => GlobalContext): void {
  const schedule = program
    .command('schedule')
    .description(`the nightly sync: one BullMQ job scheduler (id ${schedulerId}) that enqueues a queued run`);
  schedule
    .command('set')
    .description('create or update the nightly sync (setting it again replaces it, never adds a second one)')
    .requiredOption('--cron <pattern>', 'cron pattern, e.g. "0 2 * * *" (02:00 every day)')
    .requiredOption('--tz <zone>', 'IANA time zone the pattern is read in, e.g. Europe/Berlin')
    .option('--full', 'ignore cursors and reload the history window on every run', false)
    .option('--source <name>', `only this source (repeatable): ${knownSources.join(', ')}`, collect)
    .action(async (raw: unknown) => {
      const opts = parseFlags(setFlags, raw);
      await withRuntime(global, async (runtime) => {
        const info = await setSchedule(runtime, { ...opts, sources: opts.source });
        process.stdout.write(
          `Nightly sync set: ${info.cron} (${info.tz}); next run ${info.next ?? 'not planned'}\n`,
        );
        process.stdout.write(render([info]));
      });
    });
  schedule
    .command('list')
    .description('show the nightly sync and its next run')
    .action(async () => {
      await withRuntime(global, async (runtime) => {
        process.stdout.write(render(await listSchedules(runtime)));
      });
    });
  schedule
    .command('remove')
    .description('remove the nightly sync (runs already queued go on)')
    .action(async () => {
      await withRuntime(global, async (runtime) => {
        const removed = await removeSchedule(runtime);
        process.stdout.write(removed ? 'Nightly sync removed.\n' : 'There was no nightly sync to remove.\n');
      });
    });
}
