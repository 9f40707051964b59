/** Request counters by route pattern, so benchmarks and tests can see how a connector walked the API. */
export class RequestStats {
  #total = 0;
  #byRoute = new Map<string, number>();

  record(route: string): void {
    this.#total += 1;
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
  }

  requests(): number {
    return this.#total;
  }

  byRoute(): Record<string, number> {
    return Object.fromEntries([...this.#byRoute.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.#total = 0;
    this.#byRoute = new Map();
  }
}
