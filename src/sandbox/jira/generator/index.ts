import { FUTURE_SPAN } from '../../pagerduty/generator/arrivals.ts';
import type { PagerDutyWorld } from '../../pagerduty/model.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { DAY } from '../../time.ts';
import type { JiraWorld } from '../model.ts';
import { planActionItems } from './action-items.ts';
import { finalizeIssues } from './builder.ts';
import { type GenContext, teamCausePreferences } from './context.ts';
import { planIncidentTickets } from './incidents.ts';
import { planPostmortems } from './postmortems.ts';
import { generateSite } from './site.ts';
import { JiraStream } from './streams.ts';
import { generatePeople } from './users.ts';

export interface JiraWorldInput {
  pd: PagerDutyWorld;
  /** The sandbox's start clock, as given to the PagerDuty generator. */
  now: number;
  historyDays: number;
  /** E-mail of the API user (the account the connector authenticates as). */
  apiEmail: string;
}

/**
 * The Jira Cloud site that tracks the PagerDuty world: incident tickets for real sandbox incidents (and some
 * Jira-only ones), postmortems, action items, users and projects. Deterministic for (seed, size, now, e-mail)
 * and drawn from its own sub-seeds, so generating it changes nothing on the PagerDuty side.
 */
export function generateJiraWorld(input: JiraWorldInput): JiraWorld {
  const { pd } = input;
  const site = generateSite(pd.seed, pd.org);
  const people = generatePeople(pd.seed, pd.org, input.apiEmail);
  const ctx: GenContext = {
    seed: pd.seed,
    pd,
    now: input.now,
    historyStart: input.now - input.historyDays * DAY,
    horizon: input.now + FUTURE_SPAN,
    people,
    site,
    causePreference: teamCausePreferences(
      new Rng(deriveSeed(pd.seed, JiraStream.site, 1)),
      pd.org.teams.length,
    ),
  };
  const tickets = planIncidentTickets(ctx);
  const postmortems = planPostmortems(ctx, tickets);
  const actionItems = planActionItems(ctx, postmortems);
  const issues = finalizeIssues(
    [...tickets.map((t) => t.builder), ...postmortems.map((p) => p.builder), ...actionItems],
    site.projects,
  );
  return {
    users: people.users,
    apiUser: people.apiUser,
    projects: site.projects,
    teamProjects: site.teamProjects,
    incidentProject: site.incidentProject,
    postmortemProject: site.postmortemProject,
    teams: site.teams,
    fields: site.fields,
    issues,
    byKey: new Map(issues.map((i) => [i.key, i])),
    byId: new Map(issues.map((i) => [String(i.id), i])),
  };
}
