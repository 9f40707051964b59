import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  describeRedisUrl,
  QueueRuntime,
  type QueueStatus,
  queueStatus,
  redisAnswers,
} from '../../../jobs/index.ts';
import { openPublished, warehousePaths } from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const flags = z.object({
  runs: z.coerce
    .number({ message: 'expected a number of runs from 1 to 100' })
    .int({ message: 'expected a number of runs from 1 to 100' })
    .min(1, { message: 'expected a number of runs from 1 to 100' })
    .max(100, { message: 'expected a number of runs from 1 to 100' })
    .default(5),
});

/** Last runs, the latest run's streams and the committed cursors, from the published warehouse. */
async function warehouseStatus(config: Parameters<typeof warehousePaths>[0], runs: number): Promise<string> {
  const paths = warehousePaths(config);
  if (!existsSync(paths.published)) {
    return `Published warehouse: none yet at ${paths.published} (no sync has succeeded)\n`;
  }
  const warehouse = await openPublished(paths);
  try {
    const last = await warehouse.all(
      `SELECT sync_run_id AS run, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started_utc,
         round(epoch(finished_at) - epoch(started_at), 1) AS seconds, status, mode, array_to_string(sources, ',') AS sources,
         coalesce(error, '') AS error
       FROM sync_runs ORDER BY started_at DESC LIMIT $n`,
      { n: runs },
    );
    const latest = last[0]?.run;
    const streams = latest
      ? await warehouse.all(
          `SELECT source || '.' || stream AS stream, status, records, rejects, coalesce(cursor_after, '') AS cursor_after,
             coalesce(error, '') AS error
           FROM sync_run_streams WHERE sync_run_id = $run ORDER BY started_at, source, stream`,
          { run: String(latest) },
        )
      : [];
    const cursors = await warehouse.all(
      `SELECT source || '.' || stream AS stream, cursor_value AS cursor, strftime(updated_at, '%Y-%m-%d %H:%M:%S') AS updated_utc
       FROM sync_cursors ORDER BY source, stream`,
    );
    return [
      `Published warehouse: ${paths.published}`,
      `Last ${runs} runs (newest first):`,
      formatRows(last, ['run', 'started_utc', 'seconds', 'status', 'mode', 'sources', 'error'], 'table'),
      latest ? `Streams of run ${latest}:` : '',
      latest
        ? formatRows(streams, ['stream', 'status', 'records', 'rejects', 'cursor_after', 'error'], 'table')
        : '',
      'Committed cursors:',
      formatRows(cursors, ['stream', 'cursor', 'updated_utc'], 'table'),
    ]
      .filter(Boolean)
      .join('\n');
  } finally {
    warehouse.close();
  }
}

function renderQueue(status: QueueStatus): string {
  const lines: string[] = [];
  if (status.schedules.length === 0)
    lines.push('Next scheduled run: none (no schedule; see `opsledger schedule set`)');
  for (const s of status.schedules)
    lines.push(`Next scheduled run: ${s.next ?? 'not planned'} (${s.id}: ${s.cron}, ${s.tz})`);
  lines.push(
    status.current
      ? `Run in progress: job ${status.current.jobId} (${status.current.state}${status.current.runId ? `, run ${status.current.runId}` : ''}, triggered by ${status.current.trigger ?? '?'})`
      : 'Run in progress: none',
  );
  if (status.recent.length > 0) {
    lines.push('Recent queued runs:');
    lines.push(
      formatRows(
        status.recent.map((r) => ({
          ...r,
          reason: r.reason ?? '',
          runId: r.runId ?? '',
          finishedAt: r.finishedAt ?? '',
        })),
        ['jobId', 'runId', 'state', 'status', 'published', 'finishedAt', 'reason'],
        'table',
      ),
    );
  }
  const counts = Object.entries(status.counts).map(([queue, c]) => ({ queue, ...c }));
  lines.push('Jobs per queue:');
  lines.push(
    formatRows(
      counts,
      ['queue', 'waiting', 'active', 'delayed', 'waiting-children', 'completed', 'failed'],
      'table',
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command, global: () => GlobalContext): void {
  program
    .command('status')
    .description(
      'last runs and their outcome, per-stream counts and cursors (published warehouse), next scheduled run and the run in progress (Redis)',
    )
    .option('--runs <n>', 'how many recent runs to show', '5')
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      process.stdout.write(`${await warehouseStatus(config, opts.runs)}\n`);
      const unreachable = await redisAnswers(config.redisUrl);
      if (unreachable) {
        process.stdout.write(
          `Redis: NOT REACHABLE at ${describeRedisUrl(config.redisUrl)}: next scheduled run and runs in progress unknown.\n  (${unreachable})\n`,
        );
        return;
      }
      const runtime = new QueueRuntime(config, log);
      try {
        process.stdout.write(`Redis: ${describeRedisUrl(config.redisUrl)} (prefix ${runtime.prefix})\n`);
        process.stdout.write(renderQueue(await queueStatus(runtime)));
      } finally {
        await runtime.close();
      }
    });
}
