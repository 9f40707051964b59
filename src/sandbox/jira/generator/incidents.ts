import { EntryType, serviceTeamAt } from '../../pagerduty/model.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE, SECOND } from '../../time.ts';
import { EXTERNAL_ROOT_CAUSE, SEVERITIES, type Severity } from '../catalog.ts';
import { IssueBuilder } from './builder.ts';
import {
  applyChanges,
  clamp,
  drawRootCause,
  type GenContext,
  type IncidentTicket,
  memberOf,
  minuteFloor,
  type PlannedChange,
  severityShift,
  withMillis,
} from './context.ts';
import { JiraStream } from './streams.ts';
import { CUSTOMER_REPORTS } from './texts.ts';

/** Share of PagerDuty incidents with a Jira ticket, by severity (index 1..4). */
const TICKET_CHANCE = [0, 1, 0.95, 0.45, 0.06];
/** Tickets whose status flaps so long that their history exceeds the 40 histories search embeds. */
const FORCED_FLAPPING = 3;
const RESOLVE_MEDIAN = [0, 2 * HOUR, 3 * HOUR, 6 * HOUR, 18 * HOUR];

interface Response {
  /** First acknowledgement in PagerDuty (NaN when nobody acknowledged). */
  ackAt: number;
  /** When the incident was over (the ticket is resolved some minutes or hours later). */
  overAt: number;
  responder: number | null;
  flap: boolean;
  /** Impact start to record after creation (null: unknown or already set at creation). */
  impactLater: number | null;
  external: boolean;
}

/**
 * The ticket's workflow after creation: into In Progress when someone responds, sometimes Monitoring (with
 * `Mitigated At` recorded), severity and assignee changes, the external-cause flag, Resolved, and now and
 * then a reopen (Resolved -> In Progress -> Resolved).
 */
function respond(rng: Rng, ctx: GenContext, b: IssueBuilder, r: Response): void {
  const created = b.issue.createdAt;
  const worker = r.responder ?? ctx.people.apiUser;
  const changes: PlannedChange[] = [];
  const plan = (at: number, patch: PlannedChange['patch'], author = worker) =>
    changes.push({ at: withMillis(rng, at), author, patch });
  if (r.impactLater !== null) {
    plan(created + clamp(rng.logNormal(8 * MINUTE, 0.8), MINUTE, HOUR), { impactStart: r.impactLater });
  }
  const acked = !Number.isNaN(r.ackAt);
  let start: number | null = null;
  if (acked ? !rng.chance(0.05) : rng.chance(0.4)) {
    start = acked
      ? Math.max(created + 20 * SECOND, r.ackAt + clamp(rng.logNormal(2 * MINUTE, 0.7), 5 * SECOND, HOUR))
      : created + clamp(rng.logNormal(10 * MINUTE, 1), MINUTE, 6 * HOUR);
    plan(start, { status: 'inProgress', assignee: worker });
  }
  const from = start ?? created;
  const resolveAt = Math.max(
    r.overAt + clamp(rng.logNormal(20 * MINUTE, 1.2), MINUTE, 3 * DAY),
    from + 2 * MINUTE,
  );
  const span = resolveAt - from;
  const during = (lo: number, hi: number) => from + span * rng.uniform(lo, hi);

  if (r.external) plan(during(0.1, 0.6), { externalCause: 'Yes' });
  else if (rng.chance(0.5)) plan(during(0.1, 0.9), { externalCause: 'No' });
  const severity = b.state.severity;
  if (severity && rng.chance(0.04)) {
    plan(during(0.05, 0.4), { severity: severityShift(severity, rng.chance(0.6) ? -1 : 1) });
  }
  if (start !== null && rng.chance(0.1)) {
    const other = memberOf(rng, ctx, b.state.team ?? 0);
    if (other !== null) plan(during(0.2, 0.7), { assignee: other }, worker);
  }
  if (start !== null && r.flap) {
    const flips = 2 * rng.int(22, 30);
    for (let k = 0; k < flips; k++) {
      const at = from + (span * (k + 1)) / (flips + 2);
      plan(at, { status: k % 2 === 0 ? 'monitoring' : 'inProgress' });
    }
    plan(from + (span * (flips + 1)) / (flips + 2), { mitigatedAt: minuteFloor(resolveAt - span / 10) });
  } else if (start !== null && rng.chance(0.4)) {
    const mitigated = during(0.4, 0.9);
    plan(mitigated, { status: 'monitoring' });
    plan(mitigated + clamp(rng.logNormal(4 * MINUTE, 0.6), 30 * SECOND, 30 * MINUTE), {
      mitigatedAt: minuteFloor(mitigated),
    });
  } else if (rng.chance(0.3)) {
    plan(resolveAt - SECOND * 30, { mitigatedAt: minuteFloor(during(0.5, 0.95)) });
  }
  plan(resolveAt, { status: 'resolved' });

  let reopenFrom = resolveAt;
  for (let cycle = 0; rng.chance(cycle === 0 ? 0.07 : 0.15) && cycle < 2; cycle++) {
    const reopen = reopenFrom + clamp(rng.logNormal(6 * HOUR, 1), 30 * MINUTE, 5 * DAY);
    const again = reopen + clamp(rng.logNormal(3 * HOUR, 1), 10 * MINUTE, 3 * DAY);
    plan(reopen, { status: 'inProgress' });
    plan(again, { status: 'resolved' });
    reopenFrom = again;
  }
  applyChanges(b, changes);
}

/** Jira user of whoever first acknowledged in PagerDuty, else someone of the team. */
function responderOf(rng: Rng, ctx: GenContext, incident: number, team: number): number | null {
  const store = ctx.pd.incidents;
  for (let e = store.entryStart[incident]!; e < store.entryStart[incident + 1]!; e++) {
    if (store.entryType[e] !== EntryType.acknowledge) continue;
    const jira = ctx.people.byPagerDutyUser.get(store.entryUser[e]!);
    if (jira !== undefined) return jira;
    break;
  }
  return memberOf(rng, ctx, team);
}

function pagerDutyTicket(rng: Rng, ctx: GenContext, i: number, flap: boolean): IncidentTicket {
  const store = ctx.pd.incidents;
  const t0 = store.createdAt[i]!;
  const team = serviceTeamAt(ctx.pd.org.services[store.service[i]!]!, t0);
  const severity = SEVERITIES[store.severity[i]! - 1]!;
  const pdId = store.ids[i]!;
  const responder = responderOf(rng, ctx, i, team);
  const basis = rng.chance(0.85) ? 'field' : 'label';
  const created = withMillis(rng, t0 + clamp(rng.logNormal(6 * MINUTE, 0.8), 30 * SECOND, 2 * HOUR));
  const external = rng.chance(0.06);
  const rootCause = external ? EXTERNAL_ROOT_CAUSE : drawRootCause(rng, ctx, team);
  const labels = ['incident'];
  if (basis === 'label' || rng.chance(0.3)) labels.push(`pagerduty-${pdId}`);
  const impactKnown = rng.chance(0.65);
  const impact = minuteFloor(t0 - clamp(rng.logNormal(12 * MINUTE, 1), MINUTE, 3 * HOUR));
  const impactAtCreation = impactKnown && rng.chance(0.5);
  const customer: Severity | null = rng.chance(0.2)
    ? severityShift(severity, rng.chance(0.3) ? (rng.chance(0.5) ? -1 : 1) : 0)
    : null;
  const builder = new IssueBuilder({
    type: 'incident',
    createdAt: created,
    reporter: basis === 'field' ? ctx.people.apiUser : (responder ?? ctx.people.apiUser),
    description:
      basis === 'field'
        ? `Opened automatically for PagerDuty incident #${i + 1}.`
        : 'Opened by the on-call engineer.',
    initial: {
      summary: store.title[i]!,
      status: 'open',
      resolved: false,
      assignee: basis === 'label' ? responder : null,
      labels,
      duedate: null,
      project: ctx.site.incidentProject,
      team,
      severity,
      customerSeverity: customer,
      rootCause: null,
      impactStart: impactAtCreation ? impact : null,
      mitigatedAt: null,
      externalCause: null,
      pagerdutyIncident: basis === 'field' ? pdId : null,
    },
    pagerdutyIncidentId: pdId,
    linkBasis: basis,
  });
  const resolved = store.resolvedAt[i]!;
  respond(rng, ctx, builder, {
    ackAt: store.firstAckAt[i]!,
    overAt: Number.isNaN(resolved) ? created + 6 * HOUR : resolved,
    responder,
    flap: flap || rng.chance(0.015),
    impactLater: impactKnown && !impactAtCreation ? impact : null,
    external,
  });
  return { builder, team, rootCause, external };
}

function jiraOnlyTicket(rng: Rng, ctx: GenContext): IncidentTicket {
  const created = withMillis(rng, ctx.historyStart + rng.float() * (ctx.horizon - ctx.historyStart));
  const severity = SEVERITIES[rng.weighted([3, 12, 45, 40])]!;
  const team = rng.int(0, ctx.pd.org.teams.length - 1);
  const responder = memberOf(rng, ctx, team);
  const external = rng.chance(0.1);
  const rootCause = external ? EXTERNAL_ROOT_CAUSE : drawRootCause(rng, ctx, team);
  const builder = new IssueBuilder({
    type: 'incident',
    createdAt: created,
    reporter: rng.pick(ctx.people.others),
    description: 'Reported by customer support.',
    initial: {
      summary: rng.pick(CUSTOMER_REPORTS),
      status: 'open',
      resolved: false,
      assignee: null,
      labels: ['incident', 'customer-reported'],
      duedate: null,
      project: ctx.site.incidentProject,
      team,
      severity,
      customerSeverity: rng.chance(0.6) ? severityShift(severity, rng.int(-1, 1)) : null,
      rootCause: null,
      impactStart: rng.chance(0.5)
        ? minuteFloor(created - clamp(rng.logNormal(40 * MINUTE, 1), 5 * MINUTE, DAY))
        : null,
      mitigatedAt: null,
      externalCause: null,
      pagerdutyIncident: null,
    },
  });
  const ackAt = created + clamp(rng.logNormal(25 * MINUTE, 1), 2 * MINUTE, DAY);
  const sevIndex = SEVERITIES.indexOf(severity) + 1;
  respond(rng, ctx, builder, {
    ackAt,
    overAt: ackAt + clamp(rng.logNormal(RESOLVE_MEDIAN[sevIndex]!, 1.1), 10 * MINUTE, 10 * DAY),
    responder,
    flap: false,
    impactLater: null,
    external,
  });
  return { builder, team, rootCause, external };
}

/** Major incidents over long ago enough to be complete, from which a few are made to flap. */
function forcedFlapping(ctx: GenContext): Set<number> {
  const rng = new Rng(deriveSeed(ctx.seed, JiraStream.flapping));
  const store = ctx.pd.incidents;
  const eligible: number[] = [];
  for (let i = 0; i < store.count; i++) {
    const resolved = store.resolvedAt[i]!;
    if (store.severity[i]! > 2 || Number.isNaN(resolved) || resolved > ctx.now - 3 * DAY) continue;
    if (resolved - store.createdAt[i]! >= 2 * HOUR) eligible.push(i);
  }
  const chosen = new Set<number>();
  while (chosen.size < Math.min(FORCED_FLAPPING, eligible.length)) chosen.add(rng.pick(eligible));
  return chosen;
}

/**
 * Incident tickets (project INC): most PagerDuty incidents of SEV1/SEV2, about half of SEV3 and a few SEV4,
 * linked by the `PagerDuty Incident` field or only by a `pagerduty-<ID>` label, plus Jira-only incidents
 * reported by customers (about 6 % of tickets).
 */
export function planIncidentTickets(ctx: GenContext): IncidentTicket[] {
  const store = ctx.pd.incidents;
  const flapping = forcedFlapping(ctx);
  const tickets: IncidentTicket[] = [];
  for (let i = 0; i < store.count; i++) {
    const rng = new Rng(deriveSeed(ctx.seed, JiraStream.incidents, i));
    const chance = TICKET_CHANCE[store.severity[i]!] ?? 0;
    if (!rng.chance(chance) && !flapping.has(i)) continue;
    tickets.push(pagerDutyTicket(rng, ctx, i, flapping.has(i)));
  }
  const jiraOnly = Math.max(3, Math.round(tickets.length * 0.06));
  for (let k = 0; k < jiraOnly; k++) {
    tickets.push(jiraOnlyTicket(new Rng(deriveSeed(ctx.seed, JiraStream.jiraOnly, k)), ctx));
  }
  return tickets;
}
