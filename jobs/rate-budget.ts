import type { Redis } from 'ioredis';
import type { Config } from '../src/config/index.ts';

/**
 * Documented request limits per minute. PagerDuty: 960 per minute per REST API key. Jira Cloud publishes no
 * fixed figure for API-token traffic (burst limits per endpoint; Atlassian's own sizing example is 10 requests
 * per second), so 600. GitHub: 5,000 per hour for a token, about 83 per minute.
 */
export const documentedLimitsPerMinute: Readonly<Record<string, number>> = {
  pagerduty: 960,
  jira: 600,
  github: 83,
};

/** Requests per minute the queued sync may send to one source, across every worker; null: unknown API. */
export function requestsPerMinute(config: Config, source: string): number | null {
  const own = config.jobs.rateLimits[source] ?? {};
  const limit = own.perMinute ?? documentedLimitsPerMinute[source];
  if (limit === undefined) return null;
  return Math.max(1, Math.floor(limit * (own.share ?? config.jobs.rateLimitShare)));
}

// Adds n to this window's count (starting the window on its first use) and returns the count and the time
// left in the window.
const chargeScript = `
local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {used, ttl}`;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * A request budget per source shared by every worker through Redis: a fixed window of `perWindow` requests.
 * Extract jobs charge it with the requests their SDK really sent (and reserve one before the next page), and
 * wait for the next window when it is spent. BullMQ's queue limiter counts jobs, not requests, so this is what
 * holds a source's request rate whatever the number of workers; the SDKs' own 429 handling stays underneath.
 */
export class RateBudget {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly perWindow: number,
    readonly windowMs = 60_000,
  ) {}

  /** Charges n requests; resolves once they fit in a window. Returns how long it waited. */
  async take(n: number, signal?: AbortSignal): Promise<number> {
    let pending = Math.max(0, Math.ceil(n));
    let waited = 0;
    while (pending > 0 && !signal?.aborted) {
      const [used, ttl] = (await this.redis.eval(
        chargeScript,
        1,
        this.key,
        String(pending),
        String(this.windowMs),
      )) as [number, number];
      const over = used - this.perWindow;
      if (over <= 0) return waited;
      // What did not fit in this window is charged again to the next one.
      pending = Math.min(pending, over);
      await sleep(ttl, signal);
      waited += ttl;
    }
    return waited;
  }
}
