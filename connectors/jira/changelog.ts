import { ApiError } from '../../src/errors/index.ts';
import type { JiraClient } from './client.ts';
import { changelogPageSchema } from './schemas.ts';

/** Histories per changelog page; Jira Cloud serves at most 100. */
const PAGE = 100;

const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * True when the changelog embedded in a search result is missing or holds fewer histories than its `total`.
 * The enhanced search embeds at most 40 histories per issue; the rest of a long status history would be lost.
 */
export function changelogIncomplete(raw: unknown): boolean {
  if (!record(raw)) return false;
  const changelog = raw.changelog;
  if (!record(changelog) || !Array.isArray(changelog.histories)) return true;
  return typeof changelog.total === 'number' && changelog.total > changelog.histories.length;
}

/** Every history of an issue, oldest first, from the paginated changelog endpoint. */
export async function fetchChangelog(
  client: JiraClient,
  issueIdOrKey: string,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const histories: unknown[] = [];
  let startAt = 0;
  for (;;) {
    const body = await client.changelog(issueIdOrKey, startAt, PAGE, signal);
    const page = changelogPageSchema.safeParse(body);
    if (!page.success) {
      throw new ApiError(
        `Jira GET /rest/api/3/issue/${issueIdOrKey}/changelog at ${client.host} answered without a changelog page (values, startAt, total)`,
        'jira',
        200,
      );
    }
    histories.push(...page.data.values);
    startAt = page.data.startAt + page.data.values.length;
    const done = page.data.isLast ?? startAt >= page.data.total;
    if (done || page.data.values.length === 0) return histories;
  }
}

/**
 * The issue with its complete changelog in place of the embedded one (same `{startAt, maxResults, total,
 * histories}` shape), so that the stored record holds the whole status history.
 */
export async function withCompleteChangelog(
  client: JiraClient,
  raw: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const key = typeof raw.key === 'string' ? raw.key : String(raw.id);
  const histories = await fetchChangelog(client, key, signal);
  return {
    ...raw,
    changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
  };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        out[index] = await work(items[index]!);
      } catch (error) {
        failed = true; // the other workers stop taking items; Promise.all reports this error
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
