import { deriveSeed, Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE } from '../../time.ts';
import { ACTION_ITEM_LABEL } from '../catalog.ts';
import { addLink, IssueBuilder } from './builder.ts';
import { applyChanges, clamp, type GenContext, memberOf, type PlannedChange, withMillis } from './context.ts';
import type { PostmortemPlan } from './postmortems.ts';
import { JiraStream } from './streams.ts';
import { ACTION_ITEMS } from './texts.ts';

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * When an item gets done, relative to its due day. On-time items finish at least 14 hours before the due
 * day starts in UTC, so they are on time in every reporting zone; late ones two days after it. A few finish
 * on the due day at 20:00 UTC: on time in UTC and the Americas, late in zones east of UTC+4.
 */
function completionFor(rng: Rng, created: number, due: string | null): number | null {
  const r = rng.float();
  if (due === null) return r < 0.6 ? created + clamp(rng.logNormal(12 * DAY, 0.8), DAY, 60 * DAY) : null;
  const start = dayStart(due);
  if (r < 0.57) return rng.uniform(Math.min(created + 2 * HOUR, start - 14 * HOUR), start - 14 * HOUR);
  if (r < 0.62) return start + 20 * HOUR;
  if (r < 0.78) return start + 2 * DAY + clamp(rng.logNormal(5 * DAY, 0.9), 0, 40 * DAY);
  return null;
}

function actionItem(rng: Rng, ctx: GenContext, pm: PostmortemPlan): IssueBuilder {
  const teams = ctx.pd.org.teams.length;
  const created = withMillis(rng, pm.reviewAt + rng.uniform(10 * MINUTE, 2 * DAY));
  const team = rng.chance(0.85) || teams < 2 ? pm.team : rng.int(0, teams - 1);
  const reporter = pm.builder.issue.reporter;
  const due = rng.chance(0.85) ? isoDate(created + rng.int(10, 45) * DAY) : null;
  const postponed = due !== null && rng.chance(0.1) ? rng.int(7, 21) : 0;
  const firstDue =
    postponed > 0 && dayStart(due!) - postponed * DAY > created + 3 * DAY
      ? isoDate(dayStart(due!) - postponed * DAY)
      : due;
  const builder = new IssueBuilder({
    type: 'task',
    createdAt: created,
    reporter,
    description: `Follow-up from ${pm.builder.state.summary.replace(/^Postmortem: /, '')}.`,
    initial: {
      summary: rng.pick(ACTION_ITEMS).replace('{cause}', pm.rootCause),
      status: 'toDo',
      resolved: false,
      assignee: rng.chance(0.9) ? memberOf(rng, ctx, team) : null,
      labels: [ACTION_ITEM_LABEL],
      duedate: firstDue,
      project: ctx.site.teamProjects[team]!,
      team,
      severity: null,
      customerSeverity: null,
      rootCause: null,
      impactStart: null,
      mitigatedAt: null,
      externalCause: null,
      pagerdutyIncident: null,
    },
  });
  addLink('actionItem', builder, pm.builder, created, reporter);

  const completion = completionFor(rng, created, due);
  const changes: PlannedChange[] = [];
  const plan = (at: number, patch: PlannedChange['patch'], author = reporter) =>
    changes.push({ at: withMillis(rng, at), author, patch });
  if (firstDue !== due)
    plan(created + (dayStart(firstDue!) - created) * rng.uniform(0.3, 0.8), { duedate: due });
  const end = completion ?? created + 30 * DAY;
  if (teams > 1 && rng.chance(0.08)) {
    const at = created + rng.uniform(DAY, 10 * DAY);
    if (at < end) {
      const moved = (team + rng.int(1, teams - 1)) % teams;
      plan(at, { project: ctx.site.teamProjects[moved]!, team: moved, assignee: memberOf(rng, ctx, moved) });
    }
  }
  const worker = builder.state.assignee ?? reporter;
  if (rng.chance(completion !== null ? 0.7 : 0.4)) {
    plan(created + (end - created) * rng.uniform(0.1, 0.6), { status: 'inProgress' }, worker);
  }
  if (completion !== null) plan(completion, { status: 'done' }, worker);
  applyChanges(builder, changes);
  return builder;
}

/**
 * Action items: one to four Tasks per postmortem (label `action-item`), mostly in the owning team's project,
 * linked to the postmortem with link type `Action Item`. They are done on time, late, on the edge of the due
 * day, or left open (overdue or not yet due); some have no due date, some are postponed, and some move to
 * another team's project (the key stays; the changelog shows `project` and `Team`).
 */
export function planActionItems(ctx: GenContext, postmortems: PostmortemPlan[]): IssueBuilder[] {
  return postmortems.flatMap((pm, k) => {
    const rng = new Rng(deriveSeed(ctx.seed, JiraStream.actionItems, k));
    const count = 1 + rng.weighted([25, 35, 25, 15]);
    return Array.from({ length: count }, () => actionItem(rng, ctx, pm));
  });
}
