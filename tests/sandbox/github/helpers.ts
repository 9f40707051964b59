import { readFileSync } from 'node:fs';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/index.ts';
import type { Json } from '../helpers.ts';

export type { Json } from '../helpers.ts';

/** A fixed clock: tests must not depend on the day they run. */
export const NOW = new Date('2026-10-15T12:00:00Z');
export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Small organisation, no PagerDuty limit; the GitHub primary limit stays on (5000/h) unless a test changes it. */
export function startGitHubSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ seed: 7, scale: 'small', now: NOW, rateLimitPerMinute: null, ...options });
}

export interface GhAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface GhOptions {
  /** null sends no Authorization header. */
  token?: string | null;
  scheme?: 'Bearer' | 'token';
  headers?: Record<string, string>;
  enterprise?: boolean;
  method?: string;
}

/** A request on the GitHub mount: `path` relative to `/github` (or `/github/api/v3`), or an absolute URL. */
export async function gh(sandbox: Sandbox, path: string, options: GhOptions = {}): Promise<GhAnswer> {
  const token = options.token === undefined ? sandbox.github.token : options.token;
  const headers: Record<string, string> = { Accept: 'application/vnd.github+json', ...options.headers };
  if (token !== null) headers.Authorization = `${options.scheme ?? 'Bearer'} ${token}`;
  const base = options.enterprise ? sandbox.github.enterpriseApiUrl : sandbox.github.apiUrl;
  const url = path.startsWith('http') ? path : `${base}${path}`;
  const response = await fetch(url, { headers, method: options.method ?? 'GET' });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text === '' ? null : JSON.parse(text),
  };
}

export function nextLink(answer: GhAnswer): string | null {
  return /<([^<>]+)>;\s*rel="next"/.exec(answer.headers.get('link') ?? '')?.[1] ?? null;
}

/** Follows `rel="next"` from the first page to the end; returns every item and every answer. */
export async function walk(
  sandbox: Sandbox,
  path: string,
  options: GhOptions = {},
): Promise<{ items: Json[]; pages: GhAnswer[] }> {
  const items: Json[] = [];
  const pages: GhAnswer[] = [];
  let url: string | null = path;
  while (url !== null) {
    const answer = await gh(sandbox, url, options);
    if (answer.status !== 200) throw new Error(`${url}: ${answer.status} ${answer.text.slice(0, 200)}`);
    pages.push(answer);
    items.push(...answer.body);
    url = nextLink(answer);
  }
  return { items, pages };
}

const FIXTURES = new URL('../../../../shared/fixtures/vendor/github/', import.meta.url);

/** A vendor-published example response (see /work/shared/fixtures/vendor/README.md). */
export function githubExample(name: string): Json {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}

export const ms = (text: string | null) => (text === null ? null : Date.parse(text));
export const time = (d: Date | null) => (d === null ? null : d.getTime());

/** The repository (`owner/name` → name) of the sandbox truth with this deploy kind. */
export function repoOfKind(sandbox: Sandbox, kind: 'deployments' | 'releases' | 'merges'): string {
  const repo = sandbox.github.truth().repos.find((r) => r.deployKind === kind && r.serviceId !== null);
  if (!repo) throw new Error(`no ${kind} repo`);
  return repo.fullName;
}
