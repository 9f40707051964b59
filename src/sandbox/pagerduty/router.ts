import type { SandboxClock } from '../clock.ts';
import type { FaultRegistry } from '../faults.ts';
import type { Mount, SandboxRequest, SandboxResponse } from '../http.ts';
import { FixedWindowLimiter } from '../rate-limit.ts';
import {
  defaultErrorBody,
  methodNotAllowed,
  notFound,
  PagerDutyError,
  rateLimitExceeded,
  unauthorized,
} from './errors.ts';
import type { PagerDutyWorld } from './model.ts';
import { ReferenceBook } from './render/refs.ts';
import { type PagerDutyRoute, type RouteContext, SelectionCache } from './routes/context.ts';
import { directoryRoutes } from './routes/directory.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { logEntryRoutes } from './routes/log-entries.ts';
import { onCallRoutes } from './routes/oncalls.ts';

export const PAGERDUTY_PREFIX = '/pagerduty';

const ROUTES: PagerDutyRoute[] = [...incidentRoutes, ...logEntryRoutes, ...directoryRoutes, ...onCallRoutes];

export interface PagerDutyMountOptions {
  world: PagerDutyWorld;
  clock: SandboxClock;
  token: string;
  rateLimitPerMinute: number | null;
  paginationCap: number;
  faults: FaultRegistry;
}

/** `Authorization: Token token=<key>`; anything else (missing, Bearer, wrong key) is not this account. */
function presentedToken(request: SandboxRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Token token=(.+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Replaces `created_at` of one record (id kept) so a connector's schema check must quarantine it. */
function corruptOneRecord(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  for (const value of Object.values(body)) {
    if (Array.isArray(value) && value.length > 0) {
      const k = Math.floor(value.length / 2);
      value[k] = { ...(value[k] as Record<string, unknown>), created_at: 'not-a-date' };
      return true;
    }
  }
  return false;
}

/**
 * The PagerDuty REST v2 mount: authentication, rate limit, injected faults, then the resource routes. Every
 * answer is computed from the generated world as of the sandbox clock.
 */
export function createPagerDutyMount(options: PagerDutyMountOptions): Mount {
  const { world, clock, token, paginationCap, faults } = options;
  const refs = new ReferenceBook(world.org);
  const cache = new SelectionCache();
  const incidentIndex = new Map(world.incidents.ids.map((id, i) => [id, i]));
  const limiter =
    options.rateLimitPerMinute === null ? null : new FixedWindowLimiter(options.rateLimitPerMinute);

  const respond = (
    status: number,
    body: unknown,
    route: string,
    headers: Record<string, string>,
  ): SandboxResponse => ({
    status,
    body,
    headers,
    route: `GET ${PAGERDUTY_PREFIX}${route}`,
  });

  return {
    prefix: PAGERDUTY_PREFIX,
    handle(request) {
      const matched = ROUTES.map((route) => ({ route, params: route.pattern.exec(request.path) })).find(
        (m) => m.params,
      );
      const routeName = matched?.route.name ?? '(unknown)';
      const presented = presentedToken(request);
      if (presented === null || presented !== token) return respond(401, unauthorized().body, routeName, {});

      const headers: Record<string, string> = {};
      if (limiter) {
        const decision = limiter.consume(presented);
        headers['ratelimit-limit'] = String(decision.limit);
        headers['ratelimit-remaining'] = String(decision.remaining);
        headers['ratelimit-reset'] = String(decision.resetSeconds);
        if (!decision.allowed) return respond(429, rateLimitExceeded().body, routeName, headers);
      }

      const fault = faults.takeStatus(request.path);
      if (fault) {
        return respond(fault.status, fault.body ?? defaultErrorBody(fault.status), routeName, {
          ...headers,
          ...fault.headers,
        });
      }

      try {
        if (!matched?.params) throw notFound();
        if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed();
        const ctx: RouteContext = {
          world,
          refs,
          now: clock.nowMs(),
          query: request.query,
          paginationCap,
          cache,
          incidentIndex,
        };
        const body = matched.route.handle(ctx, matched.params.slice(1).map(safeDecode));
        if (faults.hasCorruption(request.path) && corruptOneRecord(body)) faults.takeCorruption(request.path);
        return respond(200, body, routeName, headers);
      } catch (error) {
        if (error instanceof PagerDutyError) return respond(error.status, error.body, routeName, headers);
        throw error;
      }
    },
  };
}
