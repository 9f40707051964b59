import type { Rng } from '../../prng.ts';
import { DAY, MINUTE, SECOND } from '../../time.ts';

export interface Arrival {
  at: number;
  /** Incidents of one storm share a service; -1 lets the caller pick one. */
  storm: number;
}

/**
 * More pages during working hours (Americas and Europe overlap) and on weekdays; deploy-heavy afternoons
 * are noisier. Returns an acceptance probability for rejection sampling.
 */
function arrivalWeight(ms: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours();
  const weekday = date.getUTCDay();
  const daytime = hour >= 13 && hour <= 23 ? 1 : 0.4;
  const weekend = weekday === 0 || weekday === 6 ? 0.55 : 1;
  return daytime * weekend;
}

/**
 * `count` creation times in [from, to), sorted and strictly increasing by whole seconds. About 3 % of draws
 * start a storm: 2 to 4 incidents on one service within minutes of each other.
 */
export function drawArrivals(rng: Rng, count: number, from: number, to: number): Arrival[] {
  const out: Arrival[] = [];
  let storms = 0;
  const span = Math.max(to - from, MINUTE);
  while (out.length < count) {
    const at = from + rng.float() * span;
    if (rng.float() >= arrivalWeight(at)) continue;
    if (rng.chance(0.03) && count - out.length > 1) {
      const size = Math.min(rng.int(2, 4), count - out.length);
      let t = at;
      for (let k = 0; k < size; k++) {
        out.push({ at: Math.min(t, to - SECOND), storm: storms });
        t += rng.uniform(30 * SECOND, 8 * MINUTE);
      }
      storms += 1;
    } else {
      out.push({ at, storm: -1 });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return strictlyIncreasing(out);
}

/** Whole seconds, each at least one second after the previous (so created_at and number orders agree). */
export function strictlyIncreasing(arrivals: Arrival[], after = Number.NEGATIVE_INFINITY): Arrival[] {
  let last = after;
  for (const a of arrivals) {
    let at = Math.floor(a.at / SECOND) * SECOND;
    if (at <= last) at = last + SECOND;
    a.at = at;
    last = at;
  }
  return arrivals;
}

export const FUTURE_DAYS = 14;
export const futureCount = (historyCount: number, historyDays: number) =>
  Math.round((historyCount / Math.max(historyDays, 1)) * FUTURE_DAYS);
export const FUTURE_SPAN = FUTURE_DAYS * DAY;
