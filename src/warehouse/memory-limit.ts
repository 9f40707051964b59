import { totalmem } from 'node:os';

/**
 * What the buffer pool may hold beyond the key indexes while batches are loaded. A load only appends: the
 * table blocks DuckDB would otherwise keep cached up to memory_limit are never read again by it. With the
 * indexes (which must stay in memory) plus 64 MB, a large backfill loaded at the same speed in 360-480 MB
 * instead of 550-670 MB (bench, large, memory_limit 256 MB: 1M log entries, 43 MB of index).
 */
const loadingHeadroomBytes = 64 * 1024 * 1024;

/** The buffer pool is only resized when its target moved by this much, not on every batch. */
const resizeStepBytes = 4 * 1024 * 1024;

/**
 * How often the indexes are measured while loading: duckdb_memory() before every batch made a large backfill
 * 20-30 s slower (137-147 s instead of ~117 s); in 10 s a load adds ~100k keys, ~4 MB of index, well inside the headroom.
 */
const measureIntervalMs = 10_000;

/**
 * While the buffer pool is emptied (releaseCache), a bulk deallocation this large has DuckDB's allocator (jemalloc)
 * hand its freed pages back at once. Left at DuckDB's 512 MiB, they stay resident until jemalloc's one-second
 * decay catches up, which in a busy process is later: the marts (bench, large, 160-256 MB memory_limit) held
 * 150-290 MB beyond what duckdb_memory() reported. Set low for good, every eviction purged (twice the time).
 */
const releaseFlushThreshold = '1MiB';

/** How far the buffer pool is emptied; what cannot be evicted (indexes, pinned blocks) simply stays. */
const releaseTargetBytes = 1024 * 1024;

const sizeUnits: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/** Bytes in a memory_limit such as '512MB' or '2 GiB' (DuckDB's units); unset or unreadable: DuckDB's 80% of RAM. */
export function memoryLimitBytes(limit: string | undefined): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?I?B)\s*$/i.exec(limit ?? '');
  const unit = sizeUnits[match?.[2]?.toUpperCase() ?? ''];
  return match && unit ? Math.floor(Number(match[1]) * unit) : Math.floor(totalmem() * 0.8);
}

export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && /Out of Memory Error/i.test(error.message);
}

interface Session {
  run(sql: string): Promise<void>;
  one<T extends Record<string, unknown>>(sql: string): Promise<T | undefined>;
}

/**
 * DuckDB's memory_limit for one warehouse session: the configured one, except while batches are loaded, when
 * the buffer pool is held to the key indexes plus loadingHeadroomBytes.
 */
export class MemoryLimit {
  private readonly configuredBytes: number;
  private currentBytes: number;
  /** Cleared for good once a load ran out of memory under the loading limit. */
  private limitLoads = true;
  private measuredAt = Number.NEGATIVE_INFINITY;
  /** DuckDB's allocator_bulk_deallocation_flush_threshold, read before releaseCache first lowers it. */
  private flushThreshold: string | undefined;

  constructor(
    private readonly session: Session,
    /** The memory_limit the warehouse was opened with; unset keeps DuckDB's default. */
    private readonly configured: string | undefined,
  ) {
    this.configuredBytes = memoryLimitBytes(configured);
    this.currentBytes = this.configuredBytes;
  }

  /** Before a batch is loaded: shrinks the buffer pool to the indexes plus the headroom, never above the configured limit. */
  async forLoading(): Promise<void> {
    const now = performance.now();
    if (!this.limitLoads || now - this.measuredAt < measureIntervalMs) return;
    this.measuredAt = now;
    const row = await this.session.one<{ bytes: number }>(
      "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) AS bytes FROM duckdb_memory() WHERE tag = 'ART_INDEX'",
    );
    const target = Math.min(this.configuredBytes, (row?.bytes ?? 0) + loadingHeadroomBytes);
    if (Math.abs(target - this.currentBytes) < resizeStepBytes) return;
    await this.apply(target);
    this.currentBytes = target;
  }

  /**
   * Drops the table blocks DuckDB keeps cached and returns their pages to the system, between two models: each
   * model then starts from the memory it needs, not from the previous model's cache and the allocator's
   * leftovers. A large rebuild (bench, large, 256 MB memory_limit) peaked at 458 MB instead of 618 MB, 1 s slower.
   */
  async releaseCache(): Promise<void> {
    this.flushThreshold ??=
      (
        await this.session.one<{ value: string }>(
          "SELECT current_setting('allocator_bulk_deallocation_flush_threshold') AS value",
        )
      )?.value ?? '512MiB';
    await this.session.run(`SET allocator_bulk_deallocation_flush_threshold = '${releaseFlushThreshold}'`);
    try {
      // Refused when the indexes alone take more; what could be evicted has been by then.
      await this.session
        .run(`SET memory_limit = '${Math.ceil(releaseTargetBytes / 1024)}KiB'`)
        .catch((error: unknown) => {
          if (!isOutOfMemory(error)) throw error;
        });
    } finally {
      await this.apply(this.currentBytes);
      // By value: like memory_limit, the buffer pool keeps its own copy of this setting.
      await this.session.run(`SET allocator_bulk_deallocation_flush_threshold = '${this.flushThreshold}'`);
    }
  }

  private async apply(bytes: number): Promise<void> {
    // Not RESET: it puts DuckDB's default back in the setting but leaves the buffer pool at the lower limit.
    const limit =
      bytes === this.configuredBytes && this.configured ? this.configured : `${Math.ceil(bytes / 1024)}KiB`;
    await this.session.run(`SET memory_limit = '${limit.replaceAll("'", "''")}'`);
  }

  /** Gives DuckDB its configured memory_limit back (before the marts are built, or after a load ran short). */
  async restore(): Promise<void> {
    this.measuredAt = Number.NEGATIVE_INFINITY;
    if (this.currentBytes === this.configuredBytes) return;
    await this.apply(this.configuredBytes);
    this.currentBytes = this.configuredBytes;
  }

  /** A load ran out of memory under the loading limit: the rest of this session loads with the full one. */
  async stopLimitingLoads(): Promise<void> {
    this.limitLoads = false;
    await this.restore();
  }
}
