import { randomBytes } from 'node:crypto';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { sha256 } from './load-batch.ts';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';
export type StreamStatus = 'running' | 'succeeded' | 'failed';

export interface StreamOutcome {
  source: string;
  stream: string;
  status: StreamStatus;
  records: number;
  rejects: number;
  cursorBefore: string | null;
  cursorAfter: string | null;
  error?: string;
}

export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export async function recordRunStart(
  warehouse: Warehouse,
  run: { id: string; startedAt: Date; mode: 'full' | 'incremental'; sources: string[]; settings: unknown },
): Promise<void> {
  const settings = JSON.stringify(run.settings);
  // Only one process writes the warehouse, so a run still marked running was killed before it ended.
  await warehouse.run("UPDATE sync_runs SET status = 'interrupted' WHERE status = 'running'");
  await warehouse.run(
    `INSERT INTO sync_runs (sync_run_id, started_at, status, mode, sources, settings_hash, settings)
     VALUES ($id, $started, 'running', $mode, $sources::VARCHAR[], $hash, CAST($settings AS JSON))`,
    {
      id: run.id,
      started: run.startedAt.toISOString(),
      mode: run.mode,
      sources: `[${run.sources.map((s) => `'${s}'`).join(',')}]`,
      hash: sha256(settings),
      settings,
    },
  );
}

export async function recordStream(
  warehouse: Warehouse,
  runId: string,
  startedAt: Date,
  o: StreamOutcome,
): Promise<void> {
  await warehouse.run(
    `INSERT OR REPLACE INTO sync_run_streams VALUES ($run, $source, $stream, $status, $records, $rejects,
       $before, $after, $started, now(), $error)`,
    {
      run: runId,
      source: o.source,
      stream: o.stream,
      status: o.status,
      records: o.records,
      rejects: o.rejects,
      before: o.cursorBefore,
      after: o.cursorAfter,
      started: startedAt.toISOString(),
      error: o.error ?? null,
    },
  );
}

export function overallStatus(outcomes: readonly StreamOutcome[]): RunStatus {
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === outcomes.length ? 'failed' : 'partial';
}

export async function recordRunEnd(
  warehouse: Warehouse,
  runId: string,
  status: RunStatus,
  outcomes: readonly StreamOutcome[],
  error?: string,
): Promise<void> {
  const key = (o: StreamOutcome) => `${o.source}.${o.stream}`;
  const counts = Object.fromEntries(
    outcomes.map((o) => [key(o), { records: o.records, rejects: o.rejects, status: o.status }]),
  );
  const before = Object.fromEntries(outcomes.map((o) => [key(o), o.cursorBefore]));
  const after = Object.fromEntries(outcomes.map((o) => [key(o), o.cursorAfter]));
  await warehouse.run(
    `UPDATE sync_runs SET finished_at = now(), status = $status, counts = CAST($counts AS JSON),
       cursors_before = CAST($before AS JSON), cursors_after = CAST($after AS JSON), error = $error
     WHERE sync_run_id = $run`,
    {
      run: runId,
      status,
      counts: JSON.stringify(counts),
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      error: error ?? null,
    },
  );
}
