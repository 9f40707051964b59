import { readFileSync } from 'node:fs';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/index.ts';
import { toInstant } from '../../../transforms/timestamps.ts';

/** A fixed clock: tests must not depend on the day they run. */
export const NOW = new Date('2026-10-15T12:00:00Z');
export const DAY_MS = 24 * 3600 * 1000;

export function startJiraSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ seed: 7, scale: 'small', now: NOW, rateLimitPerMinute: null, ...options });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary vendor JSON and assert on it
export type Json = any;

export interface JiraAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export type Auth = 'sandbox' | 'none' | { email: string; token: string } | { header: string };

function authorization(sandbox: Sandbox, auth: Auth): string | null {
  if (auth === 'none') return null;
  if (auth === 'sandbox') auth = { email: sandbox.jira.email, token: sandbox.jira.apiToken };
  if ('header' in auth) return auth.header;
  return `Basic ${Buffer.from(`${auth.email}:${auth.token}`).toString('base64')}`;
}

/** A request on the Jira mount (GET unless told), authenticated as the sandbox's API user unless told. */
export async function jira(
  sandbox: Sandbox,
  path: string,
  options: { auth?: Auth; method?: string } = {},
): Promise<JiraAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const header = authorization(sandbox, options.auth ?? 'sandbox');
  if (header !== null) headers.Authorization = header;
  const response = await fetch(`${sandbox.jira.host}${path}`, { headers, method: options.method ?? 'GET' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

export interface SearchParams {
  jql: string;
  fields?: string;
  expand?: string;
  maxResults?: number;
  nextPageToken?: string;
}

export function searchPath(params: SearchParams): string {
  const query = new URLSearchParams({ jql: params.jql });
  if (params.fields !== undefined) query.set('fields', params.fields);
  if (params.expand !== undefined) query.set('expand', params.expand);
  if (params.maxResults !== undefined) query.set('maxResults', String(params.maxResults));
  if (params.nextPageToken !== undefined) query.set('nextPageToken', params.nextPageToken);
  return `/rest/api/3/search/jql?${query}`;
}

/** Follows `nextPageToken` until the last page; fails on a repeated token or a non-200 answer. */
export async function searchAll(
  sandbox: Sandbox,
  params: SearchParams,
): Promise<{ issues: Json[]; pages: JiraAnswer[] }> {
  const issues: Json[] = [];
  const pages: JiraAnswer[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const answer = await jira(sandbox, searchPath({ ...params, nextPageToken: token }));
    if (answer.status !== 200) throw new Error(`${params.jql}: ${answer.status} ${answer.text}`);
    pages.push(answer);
    issues.push(...answer.body.issues);
    token = answer.body.nextPageToken;
    if (token === undefined) return { issues, pages };
    if (seen.has(token)) throw new Error('a page token repeated');
    seen.add(token);
  }
}

/** Every history of an issue through `GET /issue/{key}/changelog`, oldest first. */
export async function fullChangelog(sandbox: Sandbox, key: string, pageSize = 100): Promise<Json[]> {
  const values: Json[] = [];
  for (let startAt = 0; ; ) {
    const page = await jira(
      sandbox,
      `/rest/api/3/issue/${key}/changelog?startAt=${startAt}&maxResults=${pageSize}`,
    );
    if (page.status !== 200) throw new Error(`${key} changelog: ${page.status} ${page.text}`);
    values.push(...page.body.values);
    if (page.body.isLast) return values;
    startAt += page.body.values.length;
  }
}

/** Jira's `2024-01-15T10:23:45.123+0100` as an instant (through the product's timestamp module). */
export const instant = (text: string): Date => toInstant(text, { field: 'jira timestamp' });
export const instantOrNull = (text: string | null): Date | null => (text === null ? null : instant(text));

/** Wall-clock text of an instant in a zone, e.g. `yyyy/MM/dd HH:mm` in Europe/Berlin for JQL. */
export const wallClock = (at: Date | number, zone: string, pattern = 'yyyy/MM/dd HH:mm') =>
  format(new TZDate(new Date(at).getTime(), zone), pattern);

export const JIRA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

const FIXTURES = new URL('../../../../shared/fixtures/vendor/jira/', import.meta.url);

/** A vendor-published Jira example (see /work/shared/fixtures/vendor/README.md). */
export function jiraExample(name: string): Json {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}
