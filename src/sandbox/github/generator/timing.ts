import type { Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE, SECOND } from '../../time.ts';

/** The generated span: the PagerDuty history plus the same 14 days of future the incidents have. */
export interface Span {
  from: number;
  now: number;
  to: number;
  days: number;
}

/** Teams ship on weekdays in working hours (Europe and the Americas), rarely at night or on weekends. */
function shipWeight(ms: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours();
  const weekday = date.getUTCDay();
  const daytime = hour >= 7 && hour <= 21 ? 1 : 0.15;
  const weekend = weekday === 0 || weekday === 6 ? 0.2 : 1;
  return daytime * weekend;
}

/** A time in [from, to), whole seconds, drawn with the working-hours weighting. */
export function workTime(rng: Rng, from: number, to: number): number {
  for (;;) {
    const at = from + rng.float() * Math.max(to - from, MINUTE);
    if (rng.float() < shipWeight(at)) return Math.floor(at / SECOND) * SECOND;
  }
}

/** How many events of a per-history-window count fall into the future part of the span. */
export function withFuture(perHistory: number, span: Span): number {
  return perHistory + Math.round((perHistory * (span.to - span.now)) / Math.max(span.days * DAY, 1));
}

export interface Causal {
  /** When the change reached production (deploy finished, release published, PR merged). */
  at: number;
  /** Creation time of the PagerDuty incident it precedes. */
  incidentAt: number;
}

/**
 * Changes placed 1 to 20 hours before incidents of the repo's service, so that the 24-hour attribution rule
 * finds change failures. About `share` of the service's incidents get one, at most `cap` in all.
 */
export function causalChanges(
  rng: Rng,
  incidentTimes: number[],
  span: Span,
  share: number,
  cap: number,
): Causal[] {
  const out: Causal[] = [];
  for (const incidentAt of incidentTimes) {
    if (out.length >= cap) break;
    if (incidentAt < span.from + DAY || incidentAt >= span.to) continue;
    if (!rng.chance(share)) continue;
    const at = Math.floor((incidentAt - rng.uniform(1 * HOUR, 20 * HOUR)) / SECOND) * SECOND;
    out.push({ at, incidentAt });
  }
  return out;
}

/** Sorted copy with whole, strictly increasing seconds (keeps "newest first" orders unambiguous). */
export function strictlyIncreasingTimes<T>(
  items: T[],
  get: (t: T) => number,
  set: (t: T, at: number) => void,
): T[] {
  const sorted = [...items].sort((a, b) => get(a) - get(b));
  let last = Number.NEGATIVE_INFINITY;
  for (const item of sorted) {
    let at = Math.floor(get(item) / SECOND) * SECOND;
    if (at <= last) at = last + SECOND;
    set(item, at);
    last = at;
  }
  return sorted;
}

/** Log-normal duration clamped to [min, max], in whole seconds. */
export function duration(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  const ms = Math.min(max, Math.max(min, rng.logNormal(median, sigma)));
  return Math.round(ms / SECOND) * SECOND;
}
