import { performance } from 'node:perf_hooks';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (PagerDuty's `ratelimit-reset` is seconds, not an epoch). */
  resetSeconds: number;
}

/**
 * A fixed one-minute window per key (PagerDuty limits per API key). It runs on real time, not on the sandbox
 * clock: moving the sandbox clock by days must not refill or drain anyone's budget.
 */
export class FixedWindowLimiter {
  readonly #windows = new Map<string, { start: number; used: number }>();
  readonly #limit: number;
  readonly #now: () => number;

  constructor(limitPerMinute: number, now: () => number = () => performance.now()) {
    this.#limit = limitPerMinute;
    this.#now = now;
  }

  consume(key: string): RateDecision {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, used: 0 };
      this.#windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    if (window.used >= this.#limit) return { allowed: false, limit: this.#limit, remaining: 0, resetSeconds };
    window.used += 1;
    return { allowed: true, limit: this.#limit, remaining: this.#limit - window.used, resetSeconds };
  }
}
