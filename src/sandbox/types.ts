import type { Fault } from './faults.ts';
import type { PagerDutyTruth } from './pagerduty/truth.ts';

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
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** apiUrl = `${url}/pagerduty` */
  pagerduty: { apiUrl: string; token: string; truth(): PagerDutyTruth };
  clock: { now(): Date; set(d: Date): void; advance(ms: number): void };
  faults: { inject(f: Fault): void; clear(): void };
  stats: { requests(): number; byRoute(): Record<string, number>; reset(): void };
  close(): Promise<void>;
}
