import { performance } from 'node:perf_hooks';

export interface RateSnapshot {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds when the window resets (GitHub's `x-ratelimit-reset` is an epoch, unlike PagerDuty's). */
  reset: number;
}

interface Window {
  start: number;
  reset: number;
  used: number;
}

/**
 * GitHub's primary limit: a budget per token per window (an hour on GitHub) that starts with the first request.
 * It runs on real time, not on the sandbox clock: moving the clock by days must not refill anyone's budget.
 * 304 answers and `/rate_limit` only `peek`.
 */
export class PrimaryRateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #limit: number;
  readonly #windowMs: number;

  constructor(limit: number, windowMs = 3_600_000) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  #window(key: string): Window {
    const now = performance.now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      window = { start: now, reset: Math.ceil((Date.now() + this.#windowMs) / 1000), used: 0 };
      this.#windows.set(key, window);
    }
    return window;
  }

  #snapshot(window: Window): RateSnapshot {
    return {
      limit: this.#limit,
      used: window.used,
      remaining: Math.max(0, this.#limit - window.used),
      reset: window.reset,
    };
  }

  peek(key: string): RateSnapshot {
    return this.#snapshot(this.#window(key));
  }

  exhausted(key: string): boolean {
    return this.#window(key).used >= this.#limit;
  }

  consume(key: string): RateSnapshot {
    const window = this.#window(key);
    window.used = Math.min(this.#limit, window.used + 1);
    return this.#snapshot(window);
  }
}

export function rateHeaders(s: RateSnapshot): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': 'core',
  };
}
