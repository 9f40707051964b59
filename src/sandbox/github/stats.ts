/** What a GitHub client did against the sandbox: requests by route and by status (304s, rate limits...). */
export interface GitHubStatsSnapshot {
  requests: number;
  /** Conditional requests answered 304 Not Modified (they cost no rate limit). */
  notModified: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
}

export class GitHubStats {
  #requests = 0;
  #byRoute = new Map<string, number>();
  #byStatus = new Map<number, number>();

  record(route: string, status: number): void {
    this.#requests += 1;
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
    this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + 1);
  }

  snapshot(): GitHubStatsSnapshot {
    return {
      requests: this.#requests,
      notModified: this.#byStatus.get(304) ?? 0,
      byRoute: Object.fromEntries([...this.#byRoute.entries()].sort(([a], [b]) => a.localeCompare(b))),
      byStatus: Object.fromEntries([...this.#byStatus.entries()].sort(([a], [b]) => a - b)),
    };
  }

  reset(): void {
    this.#requests = 0;
    this.#byRoute = new Map();
    this.#byStatus = new Map();
  }
}
