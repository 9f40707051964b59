/**
 * The sandbox clock. The generated world extends past "now" (open incidents get acknowledged and resolved
 * later, new incidents arrive); only what happened at or before `now()` is visible. Tests move it forward to
 * watch incidents change.
 */
export class SandboxClock {
  #now: number;

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  nowMs(): number {
    return this.#now;
  }

  set(date: Date): void {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('clock.set needs a valid Date');
    this.#now = ms;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('clock.advance needs a finite number of milliseconds');
    this.#now += ms;
  }
}
