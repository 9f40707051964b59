import { z } from 'zod';
import { isValidTimeZone } from '../timestamps.ts';

/** Keys are what every per-team table carries: short, stable, safe in CSV and SQL. */
const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, {
    message: 'expected a key of lower-case letters, digits, _, . or - (e.g. payments)',
  });
const names = z.array(z.string().trim().min(1)).default([]);
/** One value or a list of them: `pagerduty: PABC123` and `pagerduty: [PABC123, Checkout]` both work. */
const oneOrMany = z.preprocess((v) => (typeof v === 'string' ? [v] : v), names);

/** YAML reads 2026-03-01 as a Date; a quoted string works too. Midnight UTC unless a time and offset are given. */
const effectiveDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString() : v),
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, {
      message: 'expected a date such as 2026-03-01 (or 2026-03-01T09:00:00Z)',
    })
    .transform((s) => (s.length === 10 ? `${s}T00:00:00Z` : s))
    .refine(isCalendarDate, { message: 'expected a real calendar date such as 2026-03-01' }),
);

/** Date.parse rolls 2026-02-30 over to March; the day written must exist. */
function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return !Number.isNaN(Date.parse(s)) && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const interval = {
  /** First moment the mapping holds (inclusive); absent: since always. */
  from: effectiveDate.optional(),
  /** First moment it no longer holds (exclusive); absent: still holds. */
  to: effectiveDate.optional(),
};

const teamSchema = z
  .object({
    key,
    name: z.string().trim().min(1),
    aliases: names,
    /** PagerDuty teams (id or name) that are this team. */
    match: z.object({ pagerduty: oneOrMany }).strict().prefault({}),
  })
  .strict();

const ownerSchema = z.object({ team: key, ...interval }).strict();

const serviceSchema = z
  .object({
    key,
    name: z.string().trim().min(1).optional(),
    match: z
      .object({
        /** PagerDuty service ids or names. */
        pagerduty: oneOrMany,
        /** Jira project keys, or PROJECT/Component. */
        jira: oneOrMany,
        /** GitHub repositories, owner/name. */
        github: oneOrMany,
      })
      .strict()
      .prefault({}),
    owners: z.array(ownerSchema).min(1, { message: 'expected at least one owner: - team: <team key>' }),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time such as 09:00' });
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], {
  message: 'expected mon, tue, wed, thu, fri, sat or sun',
});
const membership = z.preprocess(
  (v) => (typeof v === 'string' ? { team: v } : v),
  z.object({ team: key, ...interval }).strict(),
);

const personSchema = z
  .object({
    email: z.email({ message: 'expected an email address' }).transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1).optional(),
    /** Other emails the person uses in some system (compared case-insensitively). */
    aliases: z
      .array(z.email({ message: 'expected an email address' }).transform((e) => e.toLowerCase()))
      .default([]),
    pagerduty: z.string().trim().min(1).optional(),
    jira: z.string().trim().min(1).optional(),
    github: z.string().trim().min(1).optional(),
    timeZone: z
      .string()
      .refine(isValidTimeZone, { message: 'expected an IANA time zone name such as Europe/Berlin' })
      .optional(),
    workingHours: z
      .object({
        start: hhmm.default('08:00'),
        end: hhmm.default('18:00'),
        days: z.array(weekday).default(['mon', 'tue', 'wed', 'thu', 'fri']),
      })
      .strict()
      .optional(),
    teams: z.array(membership).default([]),
  })
  .strict();

export const ownershipSchema = z
  .object({
    teams: z.array(teamSchema).default([]),
    services: z.array(serviceSchema).default([]),
    people: z.array(personSchema).default([]),
  })
  .strict();

export type OwnershipFileContent = z.infer<typeof ownershipSchema>;
export type OwnershipService = OwnershipFileContent['services'][number];
export type OwnershipPerson = OwnershipFileContent['people'][number];
