import type { SandboxClock } from '../clock.ts';
import type { FaultRegistry } from '../faults.ts';
import type { Mount, SandboxRequest, SandboxResponse } from '../http.ts';
import { FixedWindowLimiter } from '../rate-limit.ts';
import { JIRA_PREFIX } from './catalog.ts';
import {
  badCredentials,
  defaultErrorBody,
  JiraError,
  methodNotAllowed,
  notAuthenticated,
  rateLimited,
  resourceNotFound,
} from './errors.ts';
import type { JiraWorld } from './model.ts';
import { RenderBook } from './render/book.ts';
import { type JiraRoute, type JiraRouteContext, SearchCache } from './routes/context.ts';
import { directoryRoutes } from './routes/directory.ts';
import { issueRoutes } from './routes/issue.ts';
import { searchRoutes } from './routes/search.ts';

const ROUTES: JiraRoute[] = [...searchRoutes, ...issueRoutes, ...directoryRoutes];

export interface JiraMountOptions {
  /** The site, generated on first use (a PagerDuty-only run never pays for it). */
  world: () => JiraWorld;
  clock: SandboxClock;
  email: string;
  apiToken: string;
  rateLimitPerMinute: number | null;
  faults: FaultRegistry;
}

type Credentials = { email: string; token: string } | null;

/** `Authorization: Basic base64(email:apiToken)`; null when absent or not Basic. */
function credentials(request: SandboxRequest): Credentials {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
  if (!match) return null;
  const text = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0
    ? { email: text, token: '' }
    : { email: text.slice(0, colon), token: text.slice(colon + 1) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Breaks `created` of one record (issue `fields.created`, or a changelog history's `created`). */
function corruptOneRecord(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  for (const key of ['issues', 'values']) {
    const list = record[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const k = Math.floor(list.length / 2);
    const item = list[k] as Record<string, unknown>;
    list[k] =
      key === 'issues'
        ? {
            ...item,
            fields: { ...(item.fields as Record<string, unknown> | undefined), created: 'not-a-date' },
          }
        : { ...item, created: 'not-a-date' };
    return true;
  }
  return false;
}

/** 429 headers as Jira Cloud sends them; `X-RateLimit-Reset` is an ISO instant with minute precision. */
function rateLimitHeaders(limit: number, resetSeconds: number): Record<string, string> {
  const reset = new Date(Date.now() + resetSeconds * 1000).toISOString().slice(0, 16);
  return {
    'retry-after': String(resetSeconds),
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': `${reset}Z`,
    'ratelimit-reason': 'jira-burst-based',
  };
}

/**
 * The Jira Cloud REST v3 mount: basic auth (e-mail + API token), optional rate limit, injected faults, then
 * the resources. Every answer is computed from the generated site as of the sandbox clock.
 */
export function createJiraMount(options: JiraMountOptions): Mount {
  const { clock, faults } = options;
  const limiter =
    options.rateLimitPerMinute === null ? null : new FixedWindowLimiter(options.rateLimitPerMinute);
  let site: { world: JiraWorld; book: RenderBook; searches: SearchCache } | undefined;
  const siteNow = () => {
    if (!site) {
      const world = options.world();
      site = { world, book: new RenderBook(world), searches: new SearchCache() };
    }
    return site;
  };
  const respond = (
    status: number,
    body: unknown,
    route: string,
    headers: Record<string, string> = {},
  ): SandboxResponse => ({
    status,
    body,
    headers,
    route: `GET ${JIRA_PREFIX}${route}`,
  });

  return {
    prefix: JIRA_PREFIX,
    handle(request) {
      const matched = ROUTES.map((route) => ({ route, params: route.pattern.exec(request.path) })).find(
        (m) => m.params,
      );
      const routeName = matched?.route.name ?? '(unknown)';
      try {
        const presented = credentials(request);
        if (presented === null) throw notAuthenticated();
        if (
          presented.email.toLowerCase() !== options.email.toLowerCase() ||
          presented.token !== options.apiToken
        ) {
          throw badCredentials();
        }
        if (limiter) {
          const decision = limiter.consume(options.email.toLowerCase());
          if (!decision.allowed) throw rateLimited(rateLimitHeaders(decision.limit, decision.resetSeconds));
        }
        const fault = faults.takeStatus(request.path);
        if (fault) {
          return respond(fault.status, fault.body ?? defaultErrorBody(fault.status), routeName, {
            ...fault.headers,
          });
        }
        if (!matched?.params) throw resourceNotFound(request.path);
        if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed();
        const { world, book, searches } = siteNow();
        const ctx: JiraRouteContext = { world, book, now: clock.nowMs(), query: request.query, searches };
        const body = matched.route.handle(ctx, matched.params.slice(1).map(safeDecode));
        if (faults.hasCorruption(request.path) && corruptOneRecord(body)) faults.takeCorruption(request.path);
        return respond(200, body, routeName);
      } catch (error) {
        if (error instanceof JiraError) return respond(error.status, error.body, routeName, error.headers);
        throw error;
      }
    },
  };
}
