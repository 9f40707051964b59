import { SandboxClock } from './clock.ts';
import { FaultRegistry } from './faults.ts';
import { generatePagerDutyWorld } from './pagerduty/generator/index.ts';
import { createPagerDutyMount, PAGERDUTY_PREFIX } from './pagerduty/router.ts';
import { computeTruth } from './pagerduty/truth.ts';
import { resolveScale } from './scale.ts';
import { createSandboxServer, listen, shutdown } from './server.ts';
import { RequestStats } from './stats.ts';
import { HOUR } from './time.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

export { describeSandbox } from './describe.ts';
export type { CorruptRecordFault, Fault, StatusFault } from './faults.ts';
export type { PagerDutyTruth, TruthIncident } from './pagerduty/truth.ts';
export type { Sandbox, SandboxOptions, SandboxScale } from './types.ts';

export const DEFAULT_PAGERDUTY_TOKEN = 'sandbox-pagerduty-token';

/**
 * Starts the sandbox: a local HTTP server speaking PagerDuty's REST v2 wire format (under `/pagerduty`) over
 * an organisation generated from `seed`, with known ground truth. Same seed and `now` give byte-identical
 * answers.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 42;
  const start = options.now ?? new Date(Math.floor(Date.now() / HOUR) * HOUR);
  if (Number.isNaN(start.getTime())) throw new RangeError('options.now must be a valid Date');
  const paginationCap = options.paginationCap ?? 10_000;
  if (!Number.isInteger(paginationCap) || paginationCap < 1)
    throw new RangeError('paginationCap must be a positive integer');
  const rateLimitPerMinute = options.rateLimitPerMinute === undefined ? 960 : options.rateLimitPerMinute;
  const token = options.pagerdutyToken ?? DEFAULT_PAGERDUTY_TOKEN;
  const host = options.host ?? '127.0.0.1';

  const clock = new SandboxClock(start);
  const faults = new FaultRegistry();
  const stats = new RequestStats();
  const world = generatePagerDutyWorld(seed, resolveScale(options.scale), start.getTime());
  const pagerduty = createPagerDutyMount({ world, clock, token, rateLimitPerMinute, paginationCap, faults });
  const server = createSandboxServer([pagerduty], stats);
  const port = await listen(server, host, options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    pagerduty: {
      apiUrl: `${url}${PAGERDUTY_PREFIX}`,
      token,
      truth: () => computeTruth(world, clock.nowMs()),
    },
    clock: {
      now: () => clock.now(),
      set: (d) => clock.set(d),
      advance: (ms) => clock.advance(ms),
    },
    faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
    stats: { requests: () => stats.requests(), byRoute: () => stats.byRoute(), reset: () => stats.reset() },
    close: () => {
      closed ??= shutdown(server);
      return closed;
    },
  };
}
