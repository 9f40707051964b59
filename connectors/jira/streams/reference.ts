import type { z } from 'zod';
import { ApiError } from '../../../src/errors/index.ts';
import type { RejectedRecord, Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { describeIssues, readableId } from '../../validate.ts';
import { fieldSchema, type JiraField, statusSchema } from '../schemas.ts';
import type { JiraSession } from '../session.ts';

/** Entries that pass `schema`, kept as received, and the rest as rejects naming the failing field. */
function check<T>(
  stream: string,
  schema: z.ZodType,
  items: readonly unknown[],
): { records: T[]; rejects: RejectedRecord[] } {
  const records: T[] = [];
  const rejects: RejectedRecord[] = [];
  for (const raw of items) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) records.push(raw as T);
    else
      rejects.push({ stream, sourceId: readableId(raw), reason: describeIssues(parsed.error), payload: raw });
  }
  return { records, rejects };
}

/**
 * The site's field list (GET /rest/api/3/field), read whole each run: it says what each `customfield_NNNNN`
 * was called when the data was read. Reading it first also checks the credentials (GET /myself) before the
 * issue streams start.
 */
export function fieldsStream(session: JiraSession): Stream<JiraField> {
  return {
    source: 'jira',
    name: 'fields',
    primaryKey: (field) => field.id,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<JiraField>> {
      await session.myself(ctx.signal);
      const { raw } = await session.fieldList(ctx.signal);
      yield { ...check<JiraField>('fields', fieldSchema, raw), cursor: null };
    },
  };
}

type JiraStatus = { id: string; name: string; statusCategory: { key: string } };

/**
 * Workflow statuses and their categories (GET /rest/api/3/status), read whole each run. Changelog items name
 * statuses only by id and name; the category (to do, in progress, done) is what the timelines need. Where
 * the list is not available (404), staging falls back on the statuses issues are in now.
 */
export function statusesStream(session: JiraSession): Stream<JiraStatus> {
  return {
    source: 'jira',
    name: 'statuses',
    primaryKey: (status) => status.id,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<JiraStatus>> {
      let body: unknown;
      try {
        body = await session.client.statuses(ctx.signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          ctx.log.info('  jira: /rest/api/3/status is not available; status categories come from the issues');
          return;
        }
        throw error;
      }
      if (!Array.isArray(body))
        throw new ApiError(
          `Jira GET /rest/api/3/status at ${session.client.host} did not answer a list`,
          'jira',
          200,
        );
      yield { ...check<JiraStatus>('statuses', statusSchema, body), cursor: null };
    },
  };
}
