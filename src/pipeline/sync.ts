import type { SourceName } from '../../connectors/stream.ts';
import { type Config, redactConfig } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import { migrate } from '../warehouse/migrate.ts';
import { buildModels } from '../warehouse/models.ts';
import { Warehouse } from '../warehouse/warehouse.ts';
import { extractStream } from './extract-stream.ts';
import { collectHeap, collectYoungGeneration } from './heap.ts';
import { loadOwnershipFile } from './ownership.ts';
import {
  newRunId,
  overallStatus,
  type RunStatus,
  recordRunEnd,
  recordRunStart,
  recordStream,
  type StreamOutcome,
} from './run-record.ts';
import { metricSettings, writeSettings } from './settings.ts';
import { knownSources, sourceAdapters } from './sources/index.ts';

export interface SyncOptions {
  config: Config;
  log: Logger;
  /** Sources to sync; default: every source whose credentials are set. */
  sources?: SourceName[];
  full?: boolean;
  now?: Date;
  signal?: AbortSignal;
  /** Use an already open warehouse (tests, the demo); otherwise the configured file is opened and closed. */
  warehouse?: Warehouse;
}

export interface SyncResult {
  runId: string;
  status: RunStatus | 'skipped';
  outcomes: StreamOutcome[];
  skipped: string[];
  /** HTTP requests made to the sources. */
  requests: number;
  durationMs: number;
}

/** Opens (creating if needed) the warehouse and brings its schema and models up to date. */
export async function openWarehouse(
  path: string,
  options: { memoryLimit?: string } = {},
): Promise<Warehouse> {
  const warehouse = await Warehouse.open(path, options);
  await migrate(warehouse);
  return warehouse;
}

/** The sources a run covers: the requested ones (default all) whose credentials are set; the rest are skipped. */
export function chooseSources(config: Config, requested: SourceName[] | undefined, log: Logger) {
  for (const name of requested ?? []) {
    if (!sourceAdapters[name])
      throw new ConfigError(`--source ${name}: expected one of ${knownSources.join(', ')}`, 'source');
  }
  const skipped: string[] = [];
  const chosen = (requested ?? knownSources)
    .map((n) => sourceAdapters[n]!)
    .filter((adapter) => {
      const reason = adapter.skipReason(config);
      if (reason) {
        skipped.push(reason);
        log.info(reason);
      }
      return reason === null;
    });
  return { chosen, skipped };
}

/**
 * First step of every run, in-process or queued: marks runs left `running` as interrupted, records this one
 * with its settings (secrets masked), and writes the settings the metric views read.
 */
export async function beginRun(
  warehouse: Warehouse,
  run: { runId: string; now: Date; full: boolean; sources: string[]; config: Config; log: Logger },
): Promise<void> {
  const { config } = run;
  const mode = run.full ? 'full' : 'incremental';
  const redacted = redactConfig(config);
  // A broken ownership file stops the run before it is recorded: the message names file, line and fix.
  loadOwnershipFile(config);
  await recordRunStart(warehouse, {
    id: run.runId,
    startedAt: run.now,
    mode,
    sources: run.sources,
    settings: {
      ...metricSettings(config),
      config: redacted,
    },
  });
  await writeSettings(warehouse, config);
  run.log.info(`sync ${run.runId} (${mode}) -> ${warehouse.path}`);
}

/** Last step of every run: its status from the streams' outcomes, recorded with counts and cursors. */
export async function endRun(
  warehouse: Warehouse,
  runId: string,
  outcomes: readonly StreamOutcome[],
): Promise<RunStatus> {
  const status = overallStatus(outcomes);
  await recordRunEnd(warehouse, runId, status, outcomes);
  return status;
}

/** One sync run in-process: extract every stream of the chosen sources, then rebuild marts and metrics. */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { config, log } = options;
  const now = options.now ?? new Date();
  const started = Date.now();
  const { chosen, skipped } = chooseSources(config, options.sources, log);
  const runId = newRunId(now);
  if (chosen.length === 0)
    return { runId, status: 'skipped', outcomes: [], skipped, requests: 0, durationMs: 0 };

  const warehouse = options.warehouse ?? (await openWarehouse(config.warehouse));
  const outcomes: StreamOutcome[] = [];
  let requests = 0;
  try {
    const full = options.full ?? false;
    await beginRun(warehouse, { runId, now, full, sources: chosen.map((s) => s.name), config, log });
    for (const adapter of chosen) {
      const session = await adapter.open(config, log, now);
      for (const stream of session.streams) {
        const streamStarted = new Date();
        const refreshIds = await adapter.refreshIds?.(warehouse, stream.name);
        const { outcome, credentialsRejected } = await extractStream(warehouse, stream, {
          runId,
          now,
          full,
          log,
          refreshIds,
          signal: options.signal,
          progressEveryMs: config.progressIntervalMs,
        });
        outcomes.push(outcome);
        await recordStream(warehouse, runId, streamStarted, outcome);
        log.info(
          `  ${adapter.name}.${stream.name}: ${outcome.records} records, ${outcome.rejects} rejected, ${outcome.status}`,
        );
        if (credentialsRejected) break;
      }
      requests += session.requestCount();
    }
    log.info('building marts and metric views');
    // The loads' pages are all garbage now; collected, they leave the marts room instead of holding 40-70 MB.
    collectHeap();
    await buildModels(warehouse, { beforeModel: collectYoungGeneration });
    const status = await endRun(warehouse, runId, outcomes);
    return { runId, status, outcomes, skipped, requests, durationMs: Date.now() - started };
  } catch (error) {
    await recordRunEnd(warehouse, runId, 'failed', outcomes, (error as Error).message).catch(() => undefined);
    throw error;
  } finally {
    if (!options.warehouse) warehouse.close();
  }
}
