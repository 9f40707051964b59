import { z } from 'zod';

/* ---- sla, dq and export sections (the outputs: metric_sla, `opsledger dq`, `opsledger export`) ---- */

/** Minutes (a positive integer) or `1bd`: the same clock time on the next business day in the reporting zone. */
const slaTarget = z.union(
  [
    z.coerce.number().int().positive(),
    z.literal('1bd'),
    z.null(), // no target: the severity is left out of metric_sla
  ],
  { message: 'expected minutes (a positive integer), 1bd (one business day) or null (no target)' },
);

export const slaConfig = z
  .object({
    targets: z
      .object({
        SEV1: slaTarget.default(60),
        SEV2: slaTarget.default(240),
        SEV3: slaTarget.default('1bd'),
        SEV4: slaTarget.default(null),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const dqLevel = z.enum(['error', 'warn', 'info'], { message: 'expected error, warn or info' });

/** Check names are snake_case; the config file loader camelises keys, so they are turned back here. */
const camelToSnake = (key: string) => key.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const dqConfig = z
  .object({
    /** Check name -> severity, overriding the check's default. */
    severities: z
      .record(z.string(), dqLevel)
      .default({})
      .transform((map) => Object.fromEntries(Object.entries(map).map(([k, v]) => [camelToSnake(k), v]))),
    /** `opsledger dq` exits 1 when a check at or above this severity fails. */
    failOn: dqLevel.default('error'),
    /** A source whose last successful sync is older than this is stale. */
    freshnessHours: z.coerce.number().positive().max(8760).default(36),
  })
  .strict()
  .prefault({});

export const exportConfig = z
  .object({
    /** Key for the pseudonyms (HMAC-SHA256 of person_key); default: a random salt stored once in the warehouse. */
    pseudonymSalt: z.string().min(8, { message: 'expected at least 8 characters' }).optional(),
  })
  .strict()
  .prefault({});

export type SlaConfig = z.infer<typeof slaConfig>;
export type DqConfig = z.infer<typeof dqConfig>;
export type DqLevel = z.infer<typeof dqLevel>;
