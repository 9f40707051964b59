import { z } from 'zod';

const severity = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z
  .string()
  .refine(isIanaZone, { message: 'expected an IANA time zone name such as UTC or Europe/Berlin' });
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://api.pagerduty.com' })
  .transform((u) => u.replace(/\/+$/, ''));
const optionalSecret = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** The severity mapping for PagerDuty: priority name first, urgency where an incident has no priority. */
const pagerDutySeverity = z
  .object({
    priorities: z
      .record(z.string(), severity)
      .default({ P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4', P5: 'SEV4' }),
    urgencies: z.record(z.enum(['high', 'low']), severity).default({ high: 'SEV3', low: 'SEV4' }),
  })
  .strict()
  .default({
    priorities: { P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4', P5: 'SEV4' },
    urgencies: { high: 'SEV3', low: 'SEV4' },
  });

export const configSchema = z
  .object({
    warehouse: z.string().min(1).default('./data/opsledger.duckdb'),
    timezone: timeZone.default('UTC'),
    redisUrl: z
      .url({ protocol: /^rediss?$/, message: 'expected a redis:// URL' })
      .default('redis://127.0.0.1:6379'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** How often long streams print a progress line. */
    progressIntervalMs: z.coerce.number().int().min(0).default(5000),
    pagerduty: z
      .object({
        apiUrl: httpUrl.default('https://api.pagerduty.com'),
        token: optionalSecret,
        historyDays: z.coerce.number().int().positive().max(3650).default(365),
        overlapMinutes: z.coerce.number().int().min(0).max(10_080).default(60),
        severity: pagerDutySeverity,
      })
      .strict()
      .prefault({}),
    jira: z
      .object({
        host: httpUrl.optional(),
        email: z.string().optional(),
        apiToken: optionalSecret,
      })
      .strict()
      .prefault({}),
    github: z
      .object({
        apiUrl: httpUrl.default('https://api.github.com'),
        token: optionalSecret,
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type Severity = z.infer<typeof severity>;
