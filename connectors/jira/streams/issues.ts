import { ApiError, ConfigError, DataError } from '../../../src/errors/index.ts';
import { toInstant } from '../../../transforms/timestamps.ts';
import type { RejectedRecord, Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { describeIssues, readableId } from '../../validate.ts';
import { type AnnotatedIssue, annotateIssue } from '../annotate.ts';
import { changelogIncomplete, mapLimited, withCompleteChangelog } from '../changelog.ts';
import type { FieldMap } from '../fields.ts';
import { scopeJql, updatedBetweenJql } from '../jql.ts';
import { type IssueStreamName, scopeSettingKeys } from '../options.ts';
import { issueSchema, searchPageSchema } from '../schemas.ts';
import type { JiraSession } from '../session.ts';
import { readStart } from './start.ts';

/** Truncated changelogs fetched in parallel per page: a few requests in flight, far under Jira's limits. */
const CHANGELOG_CONCURRENCY = 4;

/** System fields every issue stream reads; the configured custom fields are added to these. */
const SYSTEM_FIELDS = [
  'summary',
  'status',
  'resolution',
  'resolutiondate',
  'issuetype',
  'project',
  'labels',
  'created',
  'updated',
  'assignee',
  'priority',
  'issuelinks',
  'parent',
];

export function requestedFields(map: FieldMap): string[] {
  const custom = Object.values(map).flatMap((f) => (f ? [f.id] : []));
  return [...new Set([...SYSTEM_FIELDS, ...custom])];
}

const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const validKey = (raw: Record<string, unknown>) =>
  typeof raw.key === 'string' && /^[A-Z][A-Z0-9_]*-\d+$/.test(raw.key);

/**
 * Issues of one scope (incidents, postmortems or action items) by `updated`, through the enhanced JQL search
 * with the requested fields and `expand=changelog`, page by page until `nextPageToken` is absent. An issue whose
 * embedded changelog is truncated gets its full history from the changelog endpoint; nothing else costs a
 * request per issue. Each record is the issue as received (changelog completed) plus the `opsledger`
 * annotation. Cursor: the latest `updated` read so far (pages are in `updated` order), and the read's end
 * once the last page is in; the next read starts `overlap` before it, and re-read issues merge by id.
 */
export function issueStream(session: JiraSession, name: IssueStreamName): Stream<AnnotatedIssue> {
  const { client, options } = session;
  return {
    source: 'jira',
    name,
    primaryKey: (issue) => issue.id,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<AnnotatedIssue>> {
      await session.myself(ctx.signal);
      const map = await session.fieldMap(ctx.signal);
      const jql = updatedBetweenJql(
        scopeJql(name, options.scopes[name]),
        readStart(ctx.cursor, options),
        ctx.now,
      );
      const fields = requestedFields(map);
      const yielded = new Map<string, number>();
      const tokens = new Set<string>();
      let cursorMs = ctx.cursor === null ? Number.NEGATIVE_INFINITY : Date.parse(ctx.cursor);
      let token: string | undefined;
      for (;;) {
        const body = await search(session, name, jql, fields, token, ctx.signal);
        const page = searchPageSchema.safeParse(body);
        if (!page.success)
          throw new ApiError(
            `Jira search for ${name} at ${client.host} answered without an issues list`,
            'jira',
            200,
          );
        const batch = await readPage(session, name, page.data.issues, map, yielded, ctx);
        for (const issue of batch.records)
          cursorMs = Math.max(cursorMs, toInstant(issue.fields.updated).getTime());
        const next = page.data.nextPageToken ?? undefined;
        const repeated = next !== undefined && tokens.has(next);
        const last = page.data.isLast === true || next === undefined;
        if (repeated)
          ctx.log.warn(`jira ${name}: the search returned a page token twice; stopping this read there`);
        const cursor = last ? ctx.now.getTime() : cursorMs;
        yield { ...batch, cursor: Number.isFinite(cursor) ? new Date(cursor).toISOString() : null };
        if (last || repeated) return;
        tokens.add(next);
        token = next;
      }
    },
  };
}

/** One search page; a 400 (unknown project, issue type or bad JQL) is a ConfigError naming the scope setting. */
async function search(
  session: JiraSession,
  name: IssueStreamName,
  jql: string,
  fields: string[],
  nextPageToken: string | undefined,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  try {
    return await session.client.search(
      { jql, fields, expand: 'changelog', maxResults: session.options.pageSize, nextPageToken },
      signal,
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      const key = scopeSettingKeys[name];
      throw new ConfigError(
        `${key}: Jira refused the search for ${name} (${error.message}); check ${key} (projects, issue_types, labels or jql). JQL sent: ${jql}`,
        key,
      );
    }
    throw error;
  }
}

async function readPage(
  session: JiraSession,
  name: IssueStreamName,
  items: readonly unknown[],
  map: FieldMap,
  yielded: Map<string, number>,
  ctx: StreamContext,
): Promise<{ records: AnnotatedIssue[]; rejects: RejectedRecord[] }> {
  const completed = await mapLimited(items, CHANGELOG_CONCURRENCY, (raw) =>
    record(raw) && validKey(raw) && changelogIncomplete(raw)
      ? withCompleteChangelog(session.client, raw, ctx.signal)
      : Promise.resolve(raw),
  );
  const records: AnnotatedIssue[] = [];
  const rejects: RejectedRecord[] = [];
  for (const raw of completed) {
    const reject = (reason: string) =>
      rejects.push({
        stream: name,
        sourceId: readableId(raw),
        reason: `${keyOf(raw)}${reason}`,
        payload: raw,
      });
    const parsed = issueSchema.safeParse(raw);
    if (!parsed.success) {
      reject(describeIssues(parsed.error));
      continue;
    }
    const issue = raw as AnnotatedIssue;
    const updated = toInstant(parsed.data.fields.updated).getTime();
    // The same issue twice in one read (it moved between pages): keep the newest copy only.
    if ((yielded.get(issue.id) ?? Number.NEGATIVE_INFINITY) >= updated) continue;
    try {
      const opsledger = annotateIssue(parsed.data, map, session.options);
      records.push({ ...issue, opsledger });
      yielded.set(issue.id, updated);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      reject(error.message);
    }
  }
  return { records, rejects };
}

function keyOf(raw: unknown): string {
  return record(raw) && typeof raw.key === 'string' ? `${raw.key}: ` : '';
}
