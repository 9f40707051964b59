import { z } from 'zod';
import { ConfigError } from '../src/errors/index.ts';
import type { QueueRuntime } from './runtime.ts';
import { triggerDataSchema, triggerJobName } from './trigger.ts';

/** The one nightly schedule: setting it again updates it (upsert by this id), never adds a second one. */
export const schedulerId = 'nightly-sync';

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cronField = /^[\d*,/?LW#-]+$|^[A-Za-z]{3}(-[A-Za-z]{3})?$/;

export const scheduleSchema = z.object({
  cron: z
    .string({ message: 'expected a cron pattern such as "0 2 * * *"' })
    .trim()
    .refine(
      (text) => {
        const fields = text.split(/\s+/);
        return fields.length >= 5 && fields.length <= 6 && fields.every((f) => cronField.test(f));
      },
      {
        message:
          'expected a cron pattern of 5 fields (minute hour day month weekday), or 6 with seconds first, such as "0 2 * * *"',
      },
    ),
  tz: z
    .string({ message: 'expected an IANA time zone such as Europe/Berlin' })
    .refine(isIanaZone, { message: 'expected an IANA time zone such as Europe/Berlin or UTC' }),
  full: z.boolean().default(false),
  sources: z.array(z.string().min(1)).optional(),
});

export type ScheduleInput = z.input<typeof scheduleSchema>;

export interface ScheduleInfo {
  id: string;
  cron: string;
  tz: string;
  /** Next run, ISO-8601 UTC; null when BullMQ has none planned. */
  next: string | null;
  full: boolean;
  sources: string[] | null;
}

/**
 * Creates or updates the nightly sync: a BullMQ job scheduler on the sync queue that produces a `trigger` job
 * at each tick (which enqueues a run like `sync --queue`). Always with its time zone, so the next run does not
 * depend on which process computes it. Register it from one process (the CLI), not from every worker at boot.
 */
export async function setSchedule(runtime: QueueRuntime, input: ScheduleInput): Promise<ScheduleInfo> {
  const schedule = scheduleSchema.parse(input);
  const data = triggerDataSchema.parse({
    full: schedule.full,
    ...(schedule.sources ? { sources: schedule.sources } : {}),
  });
  try {
    await runtime.syncQueue.upsertJobScheduler(
      schedulerId,
      { pattern: schedule.cron, tz: schedule.tz },
      { name: triggerJobName, data, opts: runtime.jobOptions() },
    );
  } catch (error) {
    throw new ConfigError(`--cron ${schedule.cron} --tz ${schedule.tz}: ${(error as Error).message}`, 'cron');
  }
  const info = (await listSchedules(runtime)).find((s) => s.id === schedulerId);
  if (!info) throw new Error(`the schedule ${schedulerId} was not stored in Redis`);
  return info;
}

export async function listSchedules(runtime: QueueRuntime): Promise<ScheduleInfo[]> {
  const schedulers = await runtime.syncQueue.getJobSchedulers(0, -1, true);
  return schedulers.map((s) => {
    const data = triggerDataSchema.safeParse(s.template?.data ?? {});
    return {
      id: s.key,
      cron: s.pattern ?? (s.every ? `every ${s.every} ms` : ''),
      tz: s.tz ?? 'local time of the worker',
      next: s.next ? new Date(s.next).toISOString() : null,
      full: data.success ? data.data.full : false,
      sources: data.success ? (data.data.sources ?? null) : null,
    };
  });
}

/** Removes the nightly sync; false when there was none. */
export async function removeSchedule(runtime: QueueRuntime): Promise<boolean> {
  return runtime.syncQueue.removeJobScheduler(schedulerId);
}
