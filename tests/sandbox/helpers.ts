import { readFileSync } from 'node:fs';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.ts';

/** A fixed clock: tests must not depend on the day they run. */
export const NOW = new Date('2026-10-15T12:00:00Z');
export const DAY_MS = 24 * 3600 * 1000;

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ seed: 7, scale: 'small', now: NOW, rateLimitPerMinute: null, ...options });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary vendor JSON and assert on it
export type Json = any;

export interface PdAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

/** GET on the PagerDuty mount; `token: null` sends no Authorization header. */
export async function pd(
  sandbox: Sandbox,
  path: string,
  options: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<PdAnswer> {
  const token = options.token === undefined ? sandbox.pagerduty.token : options.token;
  const headers: Record<string, string> = {
    Accept: 'application/vnd.pagerduty+json;version=2',
    ...options.headers,
  };
  if (token !== null) headers.Authorization = `Token token=${token}`;
  const response = await fetch(`${sandbox.pagerduty.apiUrl}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** Walks every page of a list with limit 100; returns the items and the answers. */
export async function walk(
  sandbox: Sandbox,
  path: string,
  key: string,
): Promise<{ items: Json[]; pages: PdAnswer[] }> {
  const items: unknown[] = [];
  const pages: PdAnswer[] = [];
  const join = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 100) {
    const answer = await pd(sandbox, `${path}${join}limit=100&offset=${offset}`);
    if (answer.status !== 200)
      throw new Error(`${path} at offset ${offset}: ${answer.status} ${answer.text}`);
    pages.push(answer);
    items.push(...answer.body[key]);
    if (!answer.body.more) return { items, pages };
  }
}

const FIXTURES = new URL('../../../shared/fixtures/vendor/pagerduty/', import.meta.url);

/** A vendor-published example response (see /work/shared/fixtures/vendor/README.md). */
export function vendorExample(name: string): Json {
  const dir = process.env.OPSLEDGER_VENDOR_FIXTURES ? `${process.env.OPSLEDGER_VENDOR_FIXTURES}/` : FIXTURES;
  return JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
}

export const iso = (d: Date | number) => `${new Date(d).toISOString().slice(0, 19)}Z`;
