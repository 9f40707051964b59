import type { Fault } from './faults.ts';
import type { GitHubScale } from './github/model.ts';
import type { GitHubSandbox } from './github/sandbox.ts';
import type { JiraTruth } from './jira/truth.ts';
import type { SandboxOwnership } from './ownership.ts';
import type { PagerDutyTruth } from './pagerduty/truth.ts';
import type { ManualSample, ManualSampleOptions } from './samples.ts';

export type SandboxScale = 'small' | 'medium' | 'large';

export interface SandboxOptions {
  /** Default 42. */
  seed?: number;
  /** small ≈ 600 incidents over 180 days; medium ≈ 12,000 over 365 days; large ≈ 110,000 over 3 years. */
  scale?: SandboxScale | { incidents: number; days: number };
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Start of the sandbox clock; default the current time truncated to the hour. */
  now?: Date;
  /** Default 960 like PagerDuty; null = no limit (benchmarks). */
  rateLimitPerMinute?: number | null;
  /** Default 'sandbox-pagerduty-token'. */
  pagerdutyToken?: string;
  /** Default 10000 (PagerDuty's classic pagination cap); tests may lower it. */
  paginationCap?: number;
  /** E-mail of the Jira API user (basic auth user name). Default 'sandbox@example.com'. */
  jiraEmail?: string;
  /** Jira API token (basic auth password). Default 'sandbox-jira-token'. */
  jiraApiToken?: string;
  /** Jira requests per minute before 429 with `Retry-After` (seconds). Default null = no limit. */
  jiraRateLimitPerMinute?: number | null;
  /** GitHub token the sandbox accepts (`Bearer` or `token` scheme). Default 'sandbox-github-token'. */
  githubToken?: string;
  /** GitHub primary rate limit per token per hour; default 5000 like GitHub; null = none (and no headers). */
  githubRateLimit?: number | null;
  /** Length of the primary rate-limit window in seconds; default 3600 (tests shorten it). */
  githubRateLimitWindowSeconds?: number;
  /** Default from the PagerDuty scale (small: 6 repos × 60 deploys, 360 PRs); the benchmark uses 20 × 5,000 + 20,000. */
  githubScale?: GitHubScale;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** apiUrl = `${url}/pagerduty` */
  pagerduty: { apiUrl: string; token: string; truth(): PagerDutyTruth };
  /** The organisation's ownership file (YAML) with what it says, for `ownership_file` and tests. */
  ownership(): SandboxOwnership;
  /** host = `${url}/jira` (what users put in JIRA_HOST); truth as of the sandbox clock. */
  jira: { host: string; email: string; apiToken: string; truth(): JiraTruth };
  /** apiUrl = `${url}/github` (api.github.com style), enterpriseApiUrl = `${url}/github/api/v3` (GHES style). */
  github: GitHubSandbox;
  clock: { now(): Date; set(d: Date): void; advance(ms: number): void };
  faults: { inject(f: Fault): void; clear(): void };
  stats: { requests(): number; byRoute(): Record<string, number>; reset(): void };
  /** A manual-sample CSV for `opsledger reconcile`, with its seeded discrepancies (see samples.ts), as of the clock. */
  manualSample(options?: ManualSampleOptions): ManualSample;
  close(): Promise<void>;
}
