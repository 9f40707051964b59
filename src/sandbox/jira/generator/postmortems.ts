import { deriveSeed, Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE } from '../../time.ts';
import { SEVERITIES } from '../catalog.ts';
import { addLink, IssueBuilder } from './builder.ts';
import {
  applyChanges,
  clamp,
  type GenContext,
  type IncidentTicket,
  memberOf,
  type PlannedChange,
  withMillis,
} from './context.ts';
import { JiraStream } from './streams.ts';

/** Chance that a resolved incident gets a postmortem, by severity (SEV1..SEV4). */
const REQUIRED = [0.9, 0.82, 0.15, 0];
/** Review deadline after the incident's resolution, by severity (metrics.md, postmortem timeliness). */
const DEADLINE = [48 * HOUR, 7 * DAY, 14 * DAY, 14 * DAY];

export interface PostmortemPlan {
  builder: IssueBuilder;
  team: number;
  rootCause: string;
  /** When discussion started (action items are filed from then on). */
  reviewAt: number;
}

interface Group {
  tickets: IncidentTicket[];
  firstCreated: number;
}

/** Incidents of one team opened within hours of each other sometimes share one review. */
function groupTickets(rng: Rng, tickets: IncidentTicket[]): Group[] {
  const groups: Group[] = [];
  const lastOfTeam = new Map<number, Group>();
  for (const ticket of tickets) {
    const last = lastOfTeam.get(ticket.team);
    const created = ticket.builder.issue.createdAt;
    if (last && created - last.firstCreated < 6 * HOUR && last.tickets.length < 3 && rng.chance(0.5)) {
      last.tickets.push(ticket);
      continue;
    }
    const group = { tickets: [ticket], firstCreated: created };
    groups.push(group);
    lastOfTeam.set(ticket.team, group);
  }
  return groups;
}

function postmortemFor(rng: Rng, ctx: GenContext, group: Group): PostmortemPlan {
  const [first] = group.tickets as [IncidentTicket, ...IncidentTicket[]];
  const resolvedAt = Math.max(...group.tickets.map((t) => t.builder.firstResolvedAt ?? t.builder.lastAt));
  const worst = Math.min(...group.tickets.map((t) => SEVERITIES.indexOf(t.builder.state.severity ?? 'SEV4')));
  const deadline = resolvedAt + DEADLINE[worst]!;
  const created = withMillis(rng, resolvedAt + clamp(rng.logNormal(20 * HOUR, 0.8), HOUR, 10 * DAY));
  const owner = memberOf(rng, ctx, first.team) ?? ctx.people.apiUser;
  const builder = new IssueBuilder({
    type: 'postmortem',
    createdAt: created,
    reporter: owner,
    description: `Review of ${group.tickets.length > 1 ? 'related incidents' : 'the incident'}.`,
    initial: {
      summary: `Postmortem: ${first.builder.state.summary}`,
      status: 'draft',
      resolved: false,
      assignee: owner,
      labels: ['postmortem'],
      duedate: null,
      project: ctx.site.postmortemProject,
      team: first.team,
      severity: null,
      customerSeverity: null,
      rootCause: null,
      impactStart: null,
      mitigatedAt: null,
      externalCause: null,
      pagerdutyIncident: null,
    },
  });
  for (const ticket of group.tickets) addLink('postmortem', builder, ticket.builder, created, owner);

  const outcome = rng.float();
  const changes: PlannedChange[] = [];
  const plan = (at: number, patch: PlannedChange['patch']) =>
    changes.push({ at: withMillis(rng, at), author: owner, patch });
  let completion: number | null = null;
  if (outcome < 0.68) {
    const earliest = created + 2 * HOUR;
    completion = deadline - HOUR > earliest ? rng.uniform(earliest, deadline - HOUR) : earliest;
  } else if (outcome < 0.88) {
    completion = Math.max(deadline, created) + clamp(rng.logNormal(4 * DAY, 0.8), 2 * HOUR, 40 * DAY);
  }
  let reviewAt = created + clamp(rng.logNormal(DAY, 0.6), HOUR, 5 * DAY);
  if (completion !== null) reviewAt = created + (completion - created) * rng.uniform(0.2, 0.6);
  const reviewed = completion !== null || rng.chance(0.7);
  if (reviewed) plan(reviewAt, { status: 'inReview' });
  if (completion !== null || (reviewed && rng.chance(0.5))) {
    plan(reviewAt + clamp(rng.logNormal(2 * HOUR, 0.8), 5 * MINUTE, DAY), { rootCause: first.rootCause });
  }
  if (completion !== null) plan(Math.max(completion, reviewAt + 3 * HOUR), { status: 'published' });
  applyChanges(builder, changes);
  return { builder, team: first.team, rootCause: first.rootCause, reviewAt };
}

/**
 * Postmortems (project PM): required for SEV1/SEV2, where most are written on time, some late and some
 * never finished, and a few SEV3; a SEV1/SEV2 incident without one is a compliance finding. Each links to
 * its incident ticket(s) with link type `Postmortem`.
 */
export function planPostmortems(ctx: GenContext, tickets: IncidentTicket[]): PostmortemPlan[] {
  const rng = new Rng(deriveSeed(ctx.seed, JiraStream.postmortems));
  const needing = tickets
    .filter((t) => {
      const severity = SEVERITIES.indexOf(t.builder.state.severity ?? 'SEV4');
      return t.builder.firstResolvedAt !== null && rng.chance(REQUIRED[severity] ?? 0);
    })
    .sort((a, b) => a.builder.issue.createdAt - b.builder.issue.createdAt);
  return groupTickets(rng, needing).map((group, k) =>
    postmortemFor(new Rng(deriveSeed(ctx.seed, JiraStream.postmortems, k + 1)), ctx, group),
  );
}
