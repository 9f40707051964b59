import { z } from 'zod';
import { DataError } from '../../src/errors/index.ts';
import { toInstant } from '../../transforms/timestamps.ts';

/**
 * An instant as Jira writes it (`2024-01-15T10:23:45.123+0100`: milliseconds, offset without a colon). A value
 * without an offset would be read in an unknown zone, so it is rejected. Validated, never transformed: the
 * record is stored as received.
 */
export const jiraInstant = z
  .string({
    error: (issue) => (issue.input === undefined ? 'required, but missing' : 'expected a timestamp string'),
  })
  .superRefine((value, ctx) => {
    try {
      toInstant(value);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: value });
    }
  });

/** `YYYY-MM-DD`, as Jira writes `duedate` and date custom fields. */
export const jiraDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2024-01-15');

const issueRef = z.looseObject({ id: z.string().optional(), key: z.string() });

const issueLink = z.looseObject({
  type: z.looseObject({ name: z.string() }),
  outwardIssue: issueRef.optional(),
  inwardIssue: issueRef.optional(),
});

const changeItem = z.looseObject({
  field: z.string(),
  fieldId: z.string().optional(),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  fromString: z.string().nullable().optional(),
  toString: z.string().nullable().optional(),
});

/** One changelog history: who changed what, when. */
export const historySchema = z.looseObject({
  id: z.string().min(1),
  created: jiraInstant,
  items: z.array(changeItem),
});

const status = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  statusCategory: z.looseObject({ key: z.enum(['new', 'indeterminate', 'done', 'undefined']) }),
});

const user = z.looseObject({ accountId: z.string().min(1) });

/**
 * An issue from the enhanced search, with the fields the connector asks for. Custom fields are checked where
 * they are read (annotate.ts); every other key is kept as received.
 */
export const issueSchema = z.looseObject({
  id: z.string().regex(/^\d+$/, 'expected a numeric issue id'),
  key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'expected an issue key like INC-123'),
  self: z.string().optional(),
  fields: z.looseObject({
    summary: z.string().nullable().optional(),
    created: jiraInstant,
    updated: jiraInstant,
    resolutiondate: jiraInstant.nullable().optional(),
    status,
    issuetype: z.looseObject({ name: z.string() }),
    project: z.looseObject({ key: z.string(), name: z.string().optional() }),
    labels: z.array(z.string()).optional(),
    issuelinks: z.array(issueLink).optional(),
    parent: issueRef.nullable().optional(),
    assignee: user.nullable().optional(),
  }),
  changelog: z
    .looseObject({
      startAt: z.number().int().nonnegative().optional(),
      maxResults: z.number().int().nonnegative().optional(),
      total: z.number().int().nonnegative().optional(),
      histories: z.array(historySchema),
    })
    .optional(),
});

export type JiraIssue = z.infer<typeof issueSchema>;

/** GET /rest/api/3/search/jql: `{issues, nextPageToken?, isLast?}`; no `total`, token absent or null at the end. */
export const searchPageSchema = z.looseObject({
  issues: z.array(z.unknown()),
  nextPageToken: z.string().nullable().optional(),
  isLast: z.boolean().optional(),
});

/** GET /rest/api/3/issue/{key}/changelog: an offset page of histories, oldest first. */
export const changelogPageSchema = z.looseObject({
  startAt: z.number().int().nonnegative(),
  maxResults: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  isLast: z.boolean().optional(),
  values: z.array(z.unknown()),
});

/** One entry of GET /rest/api/3/field. */
export const fieldSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z.looseObject({ type: z.string().optional() }).optional(),
});
export type JiraField = z.infer<typeof fieldSchema>;

/** One entry of GET /rest/api/3/status. */
export const statusSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  statusCategory: z.looseObject({ key: z.string() }),
});

/** GET /rest/api/3/myself: only the account id and time zone are used. */
export const myselfSchema = z.looseObject({
  accountId: z.string().min(1),
  displayName: z.string().optional(),
  timeZone: z.string().optional(),
});
