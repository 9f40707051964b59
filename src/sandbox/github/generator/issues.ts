import { WEB_BASE as PAGERDUTY_WEB } from '../../pagerduty/model.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { DAY, HOUR, localTimeToUtc, MINUTE } from '../../time.ts';
import { ACTION_ITEM_LABEL, type IssueModel, type MilestoneModel } from '../model.ts';
import { pickMember, type RepoContext } from './context.ts';
import { draftPull, type PullDraft } from './pulls.ts';
import { duration, workTime } from './timing.ts';
import { ACTION_ITEM_TITLES, OTHER_ISSUE_TITLES } from './words.ts';

export interface IncidentRef {
  id: string;
  title: string;
  createdAt: number;
  /** NaN when never resolved. */
  resolvedAt: number;
  /** 1..4 */
  severity: number;
}

/** GitHub keeps a milestone's due date as midnight Pacific time, shown in UTC (07:00Z or 08:00Z). */
function dueOnFor(dayUtc: number): number {
  return localTimeToUtc(dayUtc, 'America/Los_Angeles');
}

/** Two-week sprints ending on Fridays, from the start of the span to four weeks after its end. */
function makeMilestones(rng: Rng, ctx: RepoContext): MilestoneModel[] {
  const start = new Date(ctx.span.from);
  let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  while (new Date(day).getUTCDay() !== 5) day += DAY;
  const out: MilestoneModel[] = [];
  for (; day <= ctx.span.to + 28 * DAY; day += 14 * DAY) {
    const dueOn = dueOnFor(day);
    const number = out.length + 1;
    out.push({
      repo: ctx.repo.index,
      id: 0,
      number,
      title: `Sprint ${number}`,
      description: `Reliability and delivery work due ${new Date(day).toISOString().slice(0, 10)}`,
      createdAt: dueOn - 28 * DAY + rng.int(1, 20) * HOUR,
      dueOn,
      closedAt: dueOn + rng.int(24, 72) * HOUR,
      creator: pickMember(rng, ctx),
    });
  }
  return out;
}

/** The first milestone that exists when the issue is created and is due at least `lead` later. */
function milestoneFor(milestones: MilestoneModel[], createdAt: number, lead: number): number | null {
  const index = milestones.findIndex((m) => m.createdAt <= createdAt && m.dueOn >= createdAt + lead);
  return index < 0 ? null : index;
}

type IssueDraft = Omit<IssueModel, 'id' | 'number'>;

function actionItems(
  rng: Rng,
  ctx: RepoContext,
  incidents: IncidentRef[],
  milestones: MilestoneModel[],
): IssueDraft[] {
  const out: IssueDraft[] = [];
  const serviceName = ctx.serviceName ?? ctx.repo.name;
  for (const incident of incidents) {
    if (incident.severity > 3 || (incident.severity === 3 && !rng.chance(0.2))) continue;
    const after = Number.isNaN(incident.resolvedAt) ? incident.createdAt + 2 * HOUR : incident.resolvedAt;
    const count = 1 + rng.weighted([50, 35, 15]);
    for (let k = 0; k < count; k++) {
      const createdAt = after + rng.int(60, 72 * 60) * MINUTE;
      const labels = [ACTION_ITEM_LABEL];
      if (rng.chance(0.5)) labels.push('postmortem');
      if (incident.severity <= 2) labels.push(`sev${incident.severity}`);
      const closed = rng.chance(0.8);
      out.push({
        repo: ctx.repo.index,
        title: rng.pick(ACTION_ITEM_TITLES).replace('{svc}', serviceName),
        body: `Follow-up from PagerDuty incident ${incident.id} (${incident.title}).\n\nIncident: ${PAGERDUTY_WEB}/incidents/${incident.id}`,
        author: pickMember(rng, ctx),
        createdAt,
        closedAt: closed ? createdAt + duration(rng, 6 * DAY, 0.9, HOUR, 120 * DAY) : null,
        stateReason: closed ? 'completed' : null,
        labels,
        milestone: rng.chance(0.8) ? milestoneFor(milestones, createdAt, 5 * DAY) : null,
        assignee: rng.chance(0.9) ? pickMember(rng, ctx) : null,
        actionItem: true,
        incidentId: incident.id,
      });
    }
  }
  return out;
}

function otherIssues(rng: Rng, ctx: RepoContext, milestones: MilestoneModel[]): IssueDraft[] {
  const out: IssueDraft[] = [];
  const labelSets = [['bug'], ['enhancement'], ['documentation'], ['bug', 'customer-reported']];
  for (let k = 0; k < Math.max(2, Math.round(ctx.changes / 6)); k++) {
    const createdAt = workTime(rng, ctx.span.from, ctx.span.to);
    const closed = rng.chance(0.6);
    out.push({
      repo: ctx.repo.index,
      title: rng.pick(OTHER_ISSUE_TITLES),
      body: 'Steps to reproduce are in the linked thread.',
      author: pickMember(rng, ctx),
      createdAt,
      closedAt: closed ? createdAt + duration(rng, 5 * DAY, 1, HOUR, 90 * DAY) : null,
      stateReason: closed ? (rng.chance(0.8) ? 'completed' : 'not_planned') : null,
      labels: rng.pick(labelSets),
      milestone: rng.chance(0.3) ? milestoneFor(milestones, createdAt, 3 * DAY) : null,
      assignee: rng.chance(0.6) ? pickMember(rng, ctx) : null,
      actionItem: false,
      incidentId: null,
    });
  }
  return out;
}

/** Some closed action items were fixed by a pull request that carries the same label (and must be filtered). */
function fixPulls(rng: Rng, ctx: RepoContext, issues: IssueDraft[]): PullDraft[] {
  const out: PullDraft[] = [];
  issues.forEach((issue, index) => {
    if (!issue.actionItem || issue.closedAt === null || !rng.chance(0.15)) return;
    const mergedAt = issue.closedAt - rng.int(1, 10) * MINUTE;
    const createdAt = Math.max(issue.createdAt + 10 * MINUTE, mergedAt - rng.int(1, 48) * HOUR);
    if (createdAt >= mergedAt) return;
    out.push(
      draftPull(rng, ctx, {
        title: issue.title,
        createdAt,
        closedAt: mergedAt,
        mergedAt,
        labels: [ACTION_ITEM_LABEL],
        fixesIssue: index,
      }),
    );
  });
  return out;
}

export interface IssuesOfRepo {
  milestones: MilestoneModel[];
  issues: IssueDraft[];
  fixes: PullDraft[];
}

/** Milestones, action items (repos with a service), other issues and the pull requests fixing action items. */
export function generateIssues(ctx: RepoContext, incidents: IncidentRef[]): IssuesOfRepo {
  const rng = new Rng(deriveSeed(ctx.seed, 140, ctx.repo.index));
  const milestones = makeMilestones(rng, ctx);
  const items = ctx.repo.service === null ? [] : actionItems(rng, ctx, incidents, milestones);
  const issues = [...items, ...otherIssues(rng, ctx, milestones)];
  return { milestones, issues, fixes: fixPulls(rng, ctx, issues) };
}
