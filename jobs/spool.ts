import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { RejectedRecord, StreamBatch } from '../connectors/stream.ts';
import type { Config } from '../src/config/index.ts';
import { keyAndPayload } from '../src/pipeline/serialized-record.ts';

/**
 * Extract jobs do not write the warehouse (one writer only): each attempt appends its validated batches, with
 * the primary key of every record and the cursor that covers them, to an NDJSON file of its own, then names
 * that file in `result.json` (written last, by rename) with the stream's outcome. The load job replays the
 * file named there. An attempt that died before writing its result is never loaded; a retry writes a new
 * file; loads are primary-key upserts, so loading twice changes nothing.
 */
export function spoolRoot(config: Pick<Config, 'warehouse' | 'jobs'>): string {
  if (config.jobs.spoolDir) return resolve(config.jobs.spoolDir);
  const published = resolve(config.warehouse);
  const ext = extname(published);
  return join(dirname(published), `${basename(published, ext)}.spool`);
}

export const runSpoolDir = (root: string, runId: string) => join(root, runId);
export const streamSpoolDir = (root: string, runId: string, source: string, stream: string) =>
  join(root, runId, `${source}.${stream}`);

const rejectSchema = z.object({
  stream: z.string(),
  sourceId: z.string().nullable(),
  reason: z.string(),
  payload: z.unknown(),
});

/** One spooled batch: records with their primary keys (`k`), rejects, and the cursor covering them. */
const lineSchema = z.object({
  cursor: z.string().nullable(),
  records: z.array(z.object({ k: z.string(), r: z.unknown() })),
  rejects: z.array(rejectSchema),
});

export const spoolResultSchema = z.object({
  /** The attempt's batch file, relative to the stream's spool directory. */
  file: z.string().regex(/^attempt-[\w-]+\.ndjson$/, { message: 'expected an attempt-*.ndjson file name' }),
  status: z.enum(['succeeded', 'failed']),
  records: z.number().int().min(0),
  rejects: z.number().int().min(0),
  batches: z.number().int().min(0),
  cursorBefore: z.string().nullable(),
  cursorAfter: z.string().nullable(),
  requests: z.number().int().min(0),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  error: z.string().optional(),
});

export type SpoolResult = z.infer<typeof spoolResultSchema>;

/** The batch file of one extract attempt. */
export class SpoolWriter {
  batches = 0;

  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(dir: string): Promise<SpoolWriter> {
    await mkdir(dir, { recursive: true });
    const file = `attempt-${Date.now()}-${randomBytes(4).toString('hex')}.ndjson`;
    return new SpoolWriter(dir, file, await open(join(dir, file), 'w'));
  }

  async write(batch: StreamBatch<unknown>, primaryKey: (record: unknown) => string): Promise<void> {
    // Written as text: a record serialized on arrival (serialized-record.ts) goes in as its JSON, not re-encoded.
    const records = batch.records.map((record) => {
      const [key, json] = keyAndPayload(record, primaryKey);
      return `{"k":${JSON.stringify(key)},"r":${json}}`;
    });
    const head = `{"cursor":${JSON.stringify(batch.cursor)},"records":[`;
    await this.handle.write(`${head}${records.join(',')}],"rejects":${JSON.stringify(batch.rejects)}}\n`);
    this.batches += 1;
  }

  /** Flushes the batches to disk, then publishes the outcome naming them (rename: all or nothing). */
  async finish(result: Omit<SpoolResult, 'file' | 'batches'>): Promise<SpoolResult> {
    await this.handle.sync();
    await this.handle.close();
    const full: SpoolResult = { ...result, file: this.file, batches: this.batches };
    const temp = join(this.dir, `result.json.${randomBytes(4).toString('hex')}`);
    await writeFile(temp, JSON.stringify(full));
    await rename(temp, join(this.dir, 'result.json'));
    return full;
  }

  /** Closes the file without a result: nothing of this attempt will be loaded. */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** The outcome of the stream's last finished attempt, or null when no attempt finished. */
export async function readSpoolResult(dir: string): Promise<SpoolResult | null> {
  const path = join(dir, 'result.json');
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`spool ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = spoolResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`spool ${path}: ${issue?.path.join('.') || 'result'}: ${issue?.message}`);
  }
  return parsed.data;
}

const toReject = (r: z.infer<typeof rejectSchema>): RejectedRecord => ({
  stream: r.stream,
  sourceId: r.sourceId,
  reason: r.reason,
  payload: r.payload,
});

export interface SpooledBatch {
  batch: StreamBatch<unknown>;
  keys: string[];
}

/** Replays an attempt's batches in the order they were read. */
export async function* readSpoolBatches(dir: string, result: SpoolResult): AsyncGenerator<SpooledBatch> {
  const path = join(dir, result.file);
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text === '') continue;
    const parsed = lineSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`spool ${path} line ${number}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const { cursor, records, rejects } = parsed.data;
    yield {
      batch: { cursor, records: records.map((e) => e.r), rejects: rejects.map(toReject) },
      keys: records.map((e) => e.k),
    };
  }
}

/**
 * Removes spools of runs other than `runId`: only one run is in progress at a time (deduplication), so any
 * other spool belongs to a run that was lost (Redis emptied, jobs removed) and will never be loaded.
 */
export async function removeOtherSpools(root: string, runId: string): Promise<void> {
  if (!existsSync(root)) return;
  for (const entry of await readdir(root)) {
    // Only what looks like a run's spool: jobs.spool_dir may point at a directory that holds other things.
    if (entry !== runId && /^\d{8}T\d{6}Z-[0-9a-f]+$/.test(entry))
      await rm(join(root, entry), { recursive: true, force: true });
  }
}

/** Removes a run's spool once its data is in the warehouse. */
export async function removeRunSpool(root: string, runId: string): Promise<void> {
  await rm(runSpoolDir(root, runId), { recursive: true, force: true });
}
