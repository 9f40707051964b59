import { z } from 'zod';
import { isValidTimeZone } from '../../transforms/timestamps.ts';
import { dqConfig, exportConfig, slaConfig } from './outputs.ts';

const severity = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);

const timeZone = z
  .string()
  .refine(isValidTimeZone, { message: 'expected an IANA time zone name such as UTC or Europe/Berlin' });
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

/* ---- jira section (Jira connector, linking and the metrics that depend on it) ---- */

const jiraUrl = z
  .url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://your-domain.atlassian.net' })
  .transform((u) => u.replace(/\/+$/, ''));
const nonEmptyNames = z.array(z.string().trim().min(1)).default([]);

/** Which issues are one kind of record: a JQL filter, or projects + issue types + labels (all ANDed). */
const jiraScope = (defaults: { projects: string[]; issueTypes: string[]; labels: string[] }) =>
  z
    .object({
      /** When set, used as is (without ORDER BY) instead of projects/issue_types/labels. */
      jql: z.string().trim().min(1).optional(),
      projects: nonEmptyNames.default(defaults.projects),
      issueTypes: nonEmptyNames.default(defaults.issueTypes),
      labels: nonEmptyNames.default(defaults.labels),
    })
    .strict()
    .prefault({});

/**
 * A custom field by its display name (or its id, customfield_NNNNN). Absent: the default name, skipped with a
 * warning when the site has no such field; null: not used; a name: must exist (else a ConfigError).
 */
const jiraField = z.string().trim().min(1).nullable().optional();

const jiraConfig = z
  .object({
    host: jiraUrl.optional(),
    email: z.string().optional(),
    apiToken: optionalSecret,
    historyDays: z.coerce.number().int().positive().max(3650).default(365),
    overlapMinutes: z.coerce.number().int().min(0).max(10_080).default(60),
    pageSize: z.coerce.number().int().min(1).max(100).default(100),
    incidents: jiraScope({ projects: ['INC'], issueTypes: ['Incident'], labels: [] }),
    postmortems: jiraScope({ projects: ['PM'], issueTypes: ['Postmortem'], labels: [] }),
    actionItems: jiraScope({ projects: [], issueTypes: ['Task'], labels: ['action-item'] }),
    linkTypes: z
      .object({
        postmortem: z.string().trim().min(1).default('Postmortem'),
        actionItem: z.string().trim().min(1).default('Action Item'),
      })
      .strict()
      .prefault({}),
    /** A sub-task or epic child of a postmortem is one of its action items. */
    parentLinks: z.boolean().default(true),
    fields: z
      .object({
        severity: jiraField,
        customerSeverity: jiraField,
        rootCause: jiraField,
        impactStart: jiraField,
        mitigatedAt: jiraField,
        externalCause: jiraField,
        pagerdutyIncident: jiraField,
        dueDate: jiraField,
        /** The owning team (an Atlassian team, a select or a text holding the team's name). */
        team: jiraField,
        /** The deploy that caused the incident: a commit SHA (7-40 hex) or owner/repo#PR (explicit deploy link). */
        deploy: jiraField,
      })
      .strict()
      .prefault({}),
    pagerdutyLabelPrefix: z.string().trim().min(1).default('pagerduty-'),
    /** A label `<prefix><sha>` or `<prefix><owner>/<repo>#<n>` on an incident ticket names the deploy that caused it. */
    deployLabelPrefix: z.string().trim().min(1).default('deploy-'),
    externalLabels: nonEmptyNames.default(['external-cause']),
    /** Jira severity values (compared case-insensitively) per SEV level. */
    severity: z
      .object({
        SEV1: nonEmptyNames.default(['SEV1', 'Sev 1', 'Critical']),
        SEV2: nonEmptyNames.default(['SEV2', 'Sev 2', 'Major', 'High']),
        SEV3: nonEmptyNames.default(['SEV3', 'Sev 3', 'Moderate', 'Medium']),
        SEV4: nonEmptyNames.default(['SEV4', 'Sev 4', 'Minor', 'Low']),
      })
      .strict()
      .prefault({}),
    /** Jira project key -> team (PagerDuty team name or team_key); default: the team named like the project. */
    projectTeams: z.record(z.string(), z.string().trim().min(1)).default({}),
    recurrenceWindowDays: z.coerce.number().int().positive().max(3650).default(90),
    /** Severities whose incidents require a postmortem. */
    postmortemRequired: z.array(severity).default(['SEV1', 'SEV2']),
    /** Hours after resolution a required postmortem must be completed in, per severity. */
    postmortemDeadlineHours: z
      .object({
        SEV1: z.coerce.number().positive().default(48),
        SEV2: z.coerce.number().positive().default(168),
        SEV3: z.coerce.number().positive().default(336),
        SEV4: z.coerce.number().positive().nullable().default(null),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/* ---- github section (GitHub connector, deploy linking and the DORA metrics) ---- */

const githubRepoName = z
  .string()
  .trim()
  .regex(/^([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/, {
    message: 'expected owner/name, or a bare name when github.org is set',
  });
/** Glob over repository names: `*` any run of characters, `?` one character. */
const githubPattern = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.*?/-]+$/, { message: 'expected a repository name pattern with * and ? wildcards' });
const githubDeployKind = z.enum(['deployments', 'releases', 'merges'], {
  message: 'expected deployments, releases or merges',
});
const githubRepositoryEntry = z
  .object({
    name: githubRepoName,
    /** What counts as a deploy of this repository; default github.deploy_kind. */
    deployKind: githubDeployKind.optional(),
    /** Deployments API environment that is production; default github.environment. */
    environment: z.string().trim().min(1).optional(),
    /** PagerDuty service (name or id) the repository ships; default: the service whose slugified name is the repository name. */
    service: z.string().trim().min(1).optional(),
  })
  .strict();
/** `owner/name`, or an entry with per-repository settings (errors then name the entry's field). */
const githubRepository = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  githubRepositoryEntry,
);

const githubConfig = z
  .object({
    apiUrl: httpUrl.default('https://api.github.com'),
    token: optionalSecret,
    /** Sync every repository of this organisation that matches include and not exclude. */
    org: z.string().trim().min(1).optional(),
    include: z.array(githubPattern).default(['*']),
    exclude: z.array(githubPattern).default([]),
    /** Repositories to sync (owner/name), or per-repository settings for repositories of the org. */
    repositories: z.array(githubRepository).default([]),
    deployKind: githubDeployKind.default('deployments'),
    environment: z.string().trim().min(1).default('production'),
    actionItems: z
      .object({
        label: z.string().trim().min(1).default('action-item'),
        /** milestone: the milestone's due_on; label: a label `<due_label_prefix>YYYY-MM-DD`; created_plus_days: created + due_days. */
        dueDate: z
          .enum(['milestone', 'label', 'created_plus_days'], {
            message: 'expected milestone, label or created_plus_days',
          })
          .default('milestone'),
        dueLabelPrefix: z.string().trim().min(1).default('due:'),
        dueDays: z.coerce.number().int().positive().max(3650).default(30),
      })
      .strict()
      .prefault({}),
    linking: z
      .object({
        /** An incident is attributed to the latest successful production deploy of its service that finished this long before detection. */
        windowHours: z.coerce.number().positive().max(2160).default(24),
        /** PagerDuty incident fields searched for a commit SHA (7-40 hex) or owner/repo#PR that names the deploy; [] turns explicit links off. */
        pagerdutyFields: z
          .array(
            z
              .string()
              .regex(/^[a-z_]+$/, { message: 'expected a PagerDuty incident field name such as title' }),
          )
          .default(['title']),
      })
      .strict()
      .prefault({}),
    historyDays: z.coerce.number().int().positive().max(3650).default(365),
    /** Pull requests and issues are re-read from this long before the cursor. */
    overlapMinutes: z.coerce.number().int().min(0).max(10_080).default(60),
    /** Statuses of deployments created this long before the newest one are re-polled (they change later, e.g. inactive). */
    statusLookbackDays: z.coerce.number().int().min(0).max(365).default(7),
    /** Parallel deployment-status requests per run. */
    concurrency: z.coerce.number().int().min(1).max(10).default(4),
  })
  .strict()
  .prefault({});

export type GitHubConfig = z.infer<typeof githubConfig>;

/* ---- jobs section (the queued sync on BullMQ: jobs/, `opsledger worker`) ---- */

/** A source API's request limit and the share of it the queued sync may use, across all workers. */
const jobsRateLimit = z
  .object({
    perMinute: z.coerce
      .number({ message: 'expected requests per minute' })
      .positive({ message: 'expected requests per minute above 0' })
      .optional(),
    share: z.coerce
      .number({ message: 'expected a share between 0 and 1' })
      .gt(0, { message: 'expected a share above 0 and at most 1' })
      .max(1, { message: 'expected a share above 0 and at most 1' })
      .optional(),
  })
  .strict();

const jobsConfig = z
  .object({
    /** BullMQ key prefix: every queue, scheduler and lock of this installation lives under it. */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, { message: 'expected letters, digits, _, . or - (no colon)' })
      .default('opsledger'),
    /** Extract jobs per source queue that one worker process runs at once. */
    concurrency: z.coerce.number({ message: 'expected an integer' }).int().min(1).max(64).default(2),
    /** Tries per job (first run included) before it is failed; bad credentials and config are never retried. */
    attempts: z.coerce.number({ message: 'expected an integer' }).int().min(1).max(20).default(3),
    /** First retry delay; doubles per attempt, with jitter. */
    backoffMs: z.coerce.number({ message: 'expected milliseconds' }).int().min(0).default(5000),
    /** Share of every source API's limit used when `rate_limits.<source>.share` is not set. */
    rateLimitShare: z.coerce
      .number({ message: 'expected a share between 0 and 1' })
      .gt(0, { message: 'expected a share above 0 and at most 1' })
      .max(1, { message: 'expected a share above 0 and at most 1' })
      .default(0.5),
    /** Per source (pagerduty, jira, github): `per_minute` (the API's documented limit) and `share`. */
    rateLimits: z.record(z.string(), jobsRateLimit).default({}),
    /** How long a job's lock lasts without renewal, and how often workers look for stalled jobs. */
    lockDurationMs: z.coerce.number({ message: 'expected milliseconds' }).int().min(1000).default(30_000),
    stalledIntervalMs: z.coerce.number({ message: 'expected milliseconds' }).int().min(500).default(30_000),
    maxStalledCount: z.coerce.number({ message: 'expected an integer' }).int().min(0).max(20).default(2),
    /** On SIGTERM/SIGINT, time given to jobs in hand before extract jobs are handed back to the queue. */
    shutdownGraceMs: z.coerce.number({ message: 'expected milliseconds' }).int().min(0).default(20_000),
    /** Finished jobs kept in Redis for Bull Board and `opsledger status` (age and count, per queue). */
    keepCompletedHours: z.coerce.number({ message: 'expected hours' }).positive().default(168),
    keepFailedHours: z.coerce.number({ message: 'expected hours' }).positive().default(720),
    keepJobs: z.coerce.number({ message: 'expected an integer' }).int().min(1).default(1000),
    /** The writer's private warehouse file; default beside `warehouse`: <name>.work.duckdb. */
    workWarehouse: z.string().min(1).optional(),
    /** Where extract jobs leave validated batches for the single writer; default beside `warehouse`: <name>.spool/. */
    spoolDir: z.string().min(1).optional(),
  })
  .strict()
  .prefault({});

export type JobsConfig = z.infer<typeof jobsConfig>;

/* ---- metrics section (definitions that are choices: exclusions and weights) ---- */

const weight = z.coerce
  .number({ message: 'expected a weight (a number, e.g. 1)' })
  .min(0, { message: 'expected a weight of 0 or more' });
const metricsConfig = z
  .object({
    /** External (third-party) incidents are left out of per-team figures and counted in totals only. */
    excludeExternalFromTeams: z.boolean().default(true),
    /** Business-impact weight per severity; weighted means are extra columns beside the plain ones. */
    severityWeights: z
      .object({
        SEV1: weight.default(1),
        SEV2: weight.default(1),
        SEV3: weight.default(1),
        SEV4: weight.default(1),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/* ---- reconcile section (`opsledger reconcile`: manual samples against the warehouse) ---- */

const reconcileConfig = z
  .object({
    /** Timestamps within this many minutes of the warehouse agree. */
    toleranceMinutes: z.coerce.number({ message: 'expected minutes' }).min(0).max(10_080).default(5),
    /** Each reviewed field must agree on at least this share of the rows that reviewed it. */
    minAgreement: z.coerce
      .number({ message: 'expected a share between 0 and 1' })
      .min(0, { message: 'expected a share between 0 and 1' })
      .max(1, { message: 'expected a share between 0 and 1' })
      .default(0.95),
    /** Sample rows whose reference the warehouse does not know, tolerated before the verdict fails. */
    maxMissing: z.coerce.number({ message: 'expected an integer' }).int().min(0).default(0),
    /** Sample rows that could not be read (bad date, unknown severity...), tolerated before the verdict fails. */
    maxInvalidRows: z.coerce.number({ message: 'expected an integer' }).int().min(0).default(0),
  })
  .strict()
  .prefault({});

export type ReconcileConfig = z.infer<typeof reconcileConfig>;

/* ---- oncall section (pages, on-call load and the burnout flag: metric_oncall_load) ---- */

const hourOfDay = z.coerce
  .number({ message: 'expected an hour of the day, 0 to 24' })
  .int({ message: 'expected a whole hour, 0 to 24' })
  .min(0, { message: 'expected an hour of the day, 0 to 24' })
  .max(24, { message: 'expected an hour of the day, 0 to 24' });

/** Hours in the person's own time zone: [start, end), wrapping past midnight when start > end. */
const hourRange = (start: number, end: number) =>
  z
    .object({ start: hourOfDay.default(start), end: hourOfDay.default(end) })
    .strict()
    .refine((r) => r.start !== r.end, { message: 'expected start and end to differ', path: ['end'] })
    .prefault({});

const oncallConfig = z
  .object({
    /** A person with more interruptions than this in one week is flagged for burnout. */
    burnoutWeeklyInterruptions: z.coerce
      .number({ message: 'expected a count of interruptions' })
      .int()
      .min(0)
      .default(15),
    /** A person with at least this many sleep-hour interruptions in one week is flagged for burnout. */
    burnoutSleepInterruptions: z.coerce
      .number({ message: 'expected a count of interruptions' })
      .int()
      .min(1)
      .default(2),
    /** Pages to one person no more than this far apart are one interruption (PagerDuty Analytics: 60 s). */
    interruptionWindowSeconds: z.coerce
      .number({ message: 'expected seconds' })
      .int()
      .min(0)
      .max(3600)
      .default(60),
    /** Monday to Friday; the rest of a weekday outside sleep hours is off hours, as are weekend days. */
    businessHours: hourRange(8, 18).refine((r) => r.start < r.end, {
      message: 'expected business hours within one day (start before end)',
      path: ['end'],
    }),
    sleepHours: hourRange(22, 8),
  })
  .strict()
  .prefault({});

export type OncallConfig = z.infer<typeof oncallConfig>;

export const configSchema = z
  .object({
    warehouse: z.string().min(1).default('./data/opsledger.duckdb'),
    /** YAML file of teams, services (effective-dated owners) and people; see README "Ownership file". */
    ownershipFile: z.string().trim().min(1).optional(),
    timezone: timeZone.default('UTC'),
    redisUrl: z
      .url({ protocol: /^rediss?$/, message: 'expected a redis:// URL' })
      .default('redis://127.0.0.1:6379'),
    jobs: jobsConfig,
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** How often long streams print a progress line. */
    progressIntervalMs: z.coerce.number().int().min(0).default(5000),
    /**
     * Pages are merged into commits of exactly this many records. 4,096 is the warehouse's row group size: a
     * commit that fills whole row groups has DuckDB write them straight to the file, compressed, instead of
     * through the write-ahead log and again at the next checkpoint. Loading a million log entries took 19-22 s
     * instead of 31-35 s at 2,500 (the bench's pipeline phase ~15 % less); 8,192 was ~2 % faster than 4,096
     * but peaked ~20 MB higher (up to four batches are in memory: one loading, two read ahead, one filling).
     */
    loadBatchRecords: z.coerce.number().int().min(1).max(1_000_000).default(4096),
    /** DuckDB's memory_limit for every warehouse the CLI and workers open; unset keeps DuckDB's 80% of RAM. */
    memoryLimit: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, {
        message: 'expected a size such as 512MB or 2GB (KB, MB, GB, TB, or KiB, MiB, GiB, TiB)',
      })
      .optional(),
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
    jira: jiraConfig,
    github: githubConfig,
    metrics: metricsConfig,
    oncall: oncallConfig,
    reconcile: reconcileConfig,
    sla: slaConfig,
    dq: dqConfig,
    export: exportConfig,
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type Severity = z.infer<typeof severity>;
