import { CUSTOM_FIELDS, type CustomFieldKey, type Severity, STATUSES } from './catalog.ts';
import type { IssueModel, JiraWorld } from './model.ts';
import { type IssueState, issueStateAt, visibleLinks } from './state.ts';

export interface JiraTruthIncident {
  key: string;
  pagerdutyIncidentId: string | null;
  /** How the ticket names its PagerDuty incident: the `PagerDuty Incident` field, only a label, or not at all. */
  linkBasis: 'field' | 'label' | null;
  severity: Severity;
  customerSeverity: string | null;
  createdAt: Date;
  impactStartedAt: Date | null;
  mitigatedAt: Date | null;
  /** First transition into an indeterminate-category status (In Progress, Monitoring). */
  firstInProgressAt: Date | null;
  /** Last transition into a done status, while the ticket is done now; null while open or reopened. */
  resolvedAt: Date | null;
  /** Transitions out of a done status. */
  reopenCount: number;
  /** `Root Cause` of the ticket's postmortem, as of now. */
  rootCause: string | null;
  isExternal: boolean;
  teamName: string;
  statusChanges: number;
}

export interface JiraTruthPostmortem {
  key: string;
  incidentKeys: string[];
  createdAt: Date;
  completedAt: Date | null;
  rootCause: string | null;
}

export interface JiraTruthActionItem {
  key: string;
  postmortemKey: string;
  /** Project the item is in now (its key keeps the prefix of the project it was created in). */
  project: string;
  /** The team owning it now. */
  teamName: string;
  assigneeAccountId: string | null;
  createdAt: Date;
  dueDate: string | null;
  completedAt: Date | null;
}

export interface JiraTruth {
  /** Display name -> custom field id, e.g. 'Severity' -> 'customfield_10042'. */
  fieldIds: Record<string, string>;
  incidents: JiraTruthIncident[];
  postmortems: JiraTruthPostmortem[];
  actionItems: JiraTruthActionItem[];
  /** pagerdutyUser: index in the PagerDuty truth's users of the same person (emails may differ in case), null when Jira-only. */
  users: Array<{
    accountId: string;
    displayName: string;
    emailAddress: string;
    timeZone: string;
    pagerdutyUser: number | null;
  }>;
}

interface StatusFacts {
  firstInProgressAt: number | null;
  lastDoneAt: number | null;
  reopenCount: number;
  statusChanges: number;
}

function statusFacts(issue: IssueModel, state: IssueState): StatusFacts {
  const facts: StatusFacts = { firstInProgressAt: null, lastDoneAt: null, reopenCount: 0, statusChanges: 0 };
  for (let h = 0; h < state.visibleHistories; h++) {
    const history = issue.histories[h]!;
    for (const item of history.items) {
      if (item.field !== 'status') continue;
      const [from, to] = [STATUSES[item.from].category, STATUSES[item.to].category];
      facts.statusChanges += 1;
      if (to === 'indeterminate') facts.firstInProgressAt ??= history.at;
      if (to === 'done') facts.lastDoneAt = history.at;
      if (from === 'done' && to !== 'done') facts.reopenCount += 1;
    }
  }
  return facts;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The other side of each visible link of `type` where `issue` is the source (or the target). */
function linked(issue: IssueModel, now: number, type: string, side: 'source' | 'target'): IssueModel[] {
  return visibleLinks(issue, now)
    .filter((l) => l.type === type && l[side] === issue)
    .map((l) => (side === 'source' ? l.target : l.source));
}

/**
 * What the Jira site holds as of `now`, read from the generator's model (never from rendered payloads), for
 * tests that compare a sync's warehouse against it. Only issues created at or before `now` exist.
 */
export function computeJiraTruth(world: JiraWorld, now: number): JiraTruth {
  const truth: JiraTruth = {
    fieldIds: Object.fromEntries(
      (Object.keys(CUSTOM_FIELDS) as CustomFieldKey[]).map((k) => [
        CUSTOM_FIELDS[k].name,
        world.fields[k].id,
      ]),
    ),
    incidents: [],
    postmortems: [],
    actionItems: [],
    users: world.users.map((u) => ({
      accountId: u.accountId,
      displayName: u.displayName,
      emailAddress: u.emailAddress,
      timeZone: u.timeZone,
      pagerdutyUser: u.pagerdutyUser,
    })),
  };
  const teamName = (state: IssueState) => (state.team === null ? '' : (world.teams[state.team]?.name ?? ''));
  for (const issue of world.issues) {
    if (issue.createdAt > now) break;
    const state = issueStateAt(issue, now);
    const facts = statusFacts(issue, state);
    const doneNow = STATUSES[state.status].category === 'done';
    const completed = doneNow ? date(facts.lastDoneAt) : null;
    if (issue.type === 'incident') {
      const postmortem = linked(issue, now, 'postmortem', 'target')[0];
      truth.incidents.push({
        key: issue.key,
        pagerdutyIncidentId: issue.pagerdutyIncidentId,
        linkBasis: issue.linkBasis,
        severity: state.severity ?? 'SEV4',
        customerSeverity: state.customerSeverity,
        createdAt: new Date(issue.createdAt),
        impactStartedAt: date(state.impactStart),
        mitigatedAt: date(state.mitigatedAt),
        firstInProgressAt: date(facts.firstInProgressAt),
        resolvedAt: completed,
        reopenCount: facts.reopenCount,
        rootCause: postmortem ? issueStateAt(postmortem, now).rootCause : null,
        isExternal: state.externalCause === 'Yes',
        teamName: teamName(state),
        statusChanges: facts.statusChanges,
      });
    } else if (issue.type === 'postmortem') {
      truth.postmortems.push({
        key: issue.key,
        incidentKeys: linked(issue, now, 'postmortem', 'source').map((i) => i.key),
        createdAt: new Date(issue.createdAt),
        completedAt: completed,
        rootCause: state.rootCause,
      });
    } else {
      const assignee = state.assignee === null ? null : world.users[state.assignee]!;
      truth.actionItems.push({
        key: issue.key,
        postmortemKey: linked(issue, now, 'actionItem', 'source')[0]?.key ?? '',
        project: world.projects[state.project]!.key,
        teamName: teamName(state),
        assigneeAccountId: assignee?.accountId ?? null,
        createdAt: new Date(issue.createdAt),
        dueDate: state.duedate,
        completedAt: completed,
      });
    }
  }
  return truth;
}
