import type { PagerDutyWorld } from '../../pagerduty/model.ts';
import type { Rng } from '../../prng.ts';
import { MINUTE } from '../../time.ts';
import { EXTERNAL_ROOT_CAUSE, ROOT_CAUSES, SEVERITIES, type Severity } from '../catalog.ts';
import type { FieldValues } from '../model.ts';
import type { IssueBuilder } from './builder.ts';
import type { Site } from './site.ts';
import type { JiraPeople } from './users.ts';

/** What every part of the Jira generator reads: the PagerDuty world it follows and the site built so far. */
export interface GenContext {
  seed: number;
  pd: PagerDutyWorld;
  /** The sandbox's start clock (the PagerDuty world's "now"). */
  now: number;
  historyStart: number;
  /** Last instant the PagerDuty world has incidents for (now + its future span). */
  horizon: number;
  people: JiraPeople;
  site: Site;
  /** Per team, root causes from most to least frequent (so causes recur within a team). */
  causePreference: string[][];
}

/** An incident ticket with the facts later stages need (who owns it, what really caused it). */
export interface IncidentTicket {
  builder: IssueBuilder;
  team: number;
  rootCause: string;
  external: boolean;
}

/** A change planned at a time; plans are sorted before they are applied, so stages can be drawn in any order. */
export interface PlannedChange {
  at: number;
  author: number;
  patch: Partial<FieldValues>;
}

export function applyChanges(builder: IssueBuilder, changes: PlannedChange[]): void {
  changes.sort((a, b) => a.at - b.at);
  for (const c of changes) builder.change(c.at, c.author, c.patch);
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
export const minuteFloor = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
/** Jira keeps milliseconds; people and automation never act on whole seconds. */
export const withMillis = (rng: Rng, ms: number) => Math.floor(ms / 1000) * 1000 + rng.int(0, 999);

export function severityShift(severity: Severity, by: number): Severity {
  return SEVERITIES[clamp(SEVERITIES.indexOf(severity) + by, 0, 3)]!;
}

/** A Jira user of the team, or null when the team has none on the site. */
export function memberOf(rng: Rng, ctx: GenContext, team: number): number | null {
  const pool = ctx.people.teamMembers[team] ?? [];
  return pool.length > 0 ? rng.pick(pool) : null;
}

export function teamCausePreferences(rng: Rng, teamCount: number): string[][] {
  const internal = ROOT_CAUSES.filter((c) => c !== EXTERNAL_ROOT_CAUSE);
  return Array.from({ length: teamCount }, () => {
    const order = [...internal];
    for (let k = order.length - 1; k > 0; k--) {
      const j = rng.int(0, k);
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    return order;
  });
}

const CAUSE_WEIGHTS = ROOT_CAUSES.map((_, k) => 1 / (k + 1) ** 1.3);

export function drawRootCause(rng: Rng, ctx: GenContext, team: number): string {
  const order = ctx.causePreference[team] ?? ctx.causePreference[0]!;
  return order[rng.weighted(CAUSE_WEIGHTS.slice(0, order.length))]!;
}
